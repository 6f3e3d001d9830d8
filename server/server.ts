import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from './app';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the app on a port (0 = any free one) and resolves once it listens. */
export function listen(deps: AppDeps, port: number, hostname = '0.0.0.0'): Promise<RunningServer & ReturnType<typeof createApp>> {
  const built = createApp(deps);
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: built.fetch, port, hostname }, (info: AddressInfo) => {
      const host = hostname === '0.0.0.0' ? '127.0.0.1' : hostname;
      resolve({
        ...built,
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}

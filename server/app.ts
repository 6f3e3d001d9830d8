import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from './config/accounts';
import { openApiDocument, registerApiRoutes, type ApiRoute } from './http/api-route';
import { NotificationService, type NotificationLog } from './ingest/notifications';
import { accountRoutes } from './routes/accounts';
import { inboxRoutes } from './routes/inbox';
import { ipnRoutes } from './routes/ipn';
import { orderRoutes } from './routes/orders';
import type { Storage } from './storage/storage';

export interface AppDeps {
  storage: Storage;
  config: AppConfig;
  now?: () => Date;
  /** Built dashboard (vite build output); not served when absent. */
  clientDir?: string;
  log?: NotificationLog;
}

export function createApp(deps: AppDeps) {
  const { storage, config } = deps;
  const now = deps.now ?? (() => new Date());
  const notifications = new NotificationService(storage, config, deps.log);
  const app = new Hono();

  app.onError((error, c) => {
    // Never a stack trace to a client; the log has the details.
    (deps.log ?? console).warn(`${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    return c.json({ error: { code: 'INTERNAL_ERROR', message: 'unexpected server error; it has been logged' } }, 500);
  });

  app.route('/', ipnRoutes(notifications));

  const routes: ApiRoute[] = [
    ...orderRoutes({ storage, switches: config.switches, now }),
    ...inboxRoutes({ storage, notifications }),
    ...accountRoutes(config),
  ];
  registerApiRoutes(app, routes);
  const document = openApiDocument(routes, { title: 'Split Recon API', version: '0.1.0' });
  app.get('/api/openapi.json', (c) => c.json(document));
  app.all('/api/*', (c) => c.json({ error: { code: 'NOT_FOUND', message: `no API route ${c.req.method} ${c.req.path}` } }, 404));

  if (deps.clientDir && existsSync(join(deps.clientDir, 'index.html'))) {
    const index = readFileSync(join(deps.clientDir, 'index.html'), 'utf8');
    app.use('/assets/*', serveStatic({ root: deps.clientDir }));
    // Client-side routes (/orders/12, /inbox) all load the single page.
    app.get('*', (c) => c.html(index));
  }
  return { app, routes, notifications };
}

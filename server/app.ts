import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type ErrorHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthService, DEFAULT_AUTH_SETTINGS, type AuthSettings } from './auth/auth-service';
import type { AppConfig } from './config/accounts';
import { openApiDocument, registerApiRoutes, reply, defineRoute, type ApiRoute } from './http/api-route';
import { authenticate, sameOriginOnly } from './http/auth-middleware';
import type { AppEnv } from './http/context';
import { inlineRunner, workerRunner } from './imports/apply-runner';
import { ImportService } from './imports/import-service';
import { ProfileCatalogue } from './imports/profiles';
import { OperationService } from './operations/operation-service';
import { Reconciler } from './reconcile/reconciler';
import { NotificationService, type NotificationLog } from './ingest/notifications';
import { accountRoutes } from './routes/accounts';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { discrepancyRoutes } from './routes/discrepancies';
import { importRoutes } from './routes/imports';
import { inboxRoutes } from './routes/inbox';
import { ipnRoutes } from './routes/ipn';
import { operationRoutes } from './routes/operations';
import { orderRoutes } from './routes/orders';
import { reportRoutes } from './routes/reports';
import { tokenRoutes } from './routes/tokens';
import { userRoutes } from './routes/users';
import type { Storage } from './storage/storage';
import { z } from 'zod';

export interface AppDeps {
  storage: Storage;
  config: AppConfig;
  now?: () => Date;
  /** Session timeouts; `now` defaults to the app's clock. */
  auth?: Partial<AuthSettings>;
  /** Other origins allowed to send state-changing requests with the session cookie (a proxy's public URL). */
  allowedOrigins?: string[];
  /** Built dashboard (vite build output); not served when absent. */
  clientDir?: string;
  log?: NotificationLog;
  /** Where imported report files are kept, by SHA-256 (default: data/imports). */
  importsDir?: string;
}

/** Scripts only from our own origin; React and the chart library set style attributes, nothing else inline. */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  styleSrcAttr: ["'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

export function createApp(deps: AppDeps) {
  const { storage, config } = deps;
  const now = deps.now ?? (() => new Date());
  const notifications = new NotificationService(storage, config, deps.log);
  const auth = new AuthService(storage, { ...DEFAULT_AUTH_SETTINGS, now, ...deps.auth });
  const profiles = new ProfileCatalogue(storage.imports);
  const reconciler = new Reconciler(storage, now, deps.log);
  const operations = new OperationService({ storage, config, switches: config.switches, now });
  const afterImport = () => void operations.resolveAll().then(() => reconciler.runOnce()).catch(() => undefined);
  const applyHere = inlineRunner(storage);
  const imports = new ImportService(storage, config, profiles, deps.importsDir ?? 'data/imports', afterImport, storage.shared ? workerRunner(storage.shared, applyHere) : applyHere);
  const app = new Hono<AppEnv>();

  const onError: ErrorHandler<AppEnv> = (error, c) => {
    // Never a stack trace to a client; the log has the details.
    (deps.log ?? console).warn(`${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    return c.json({ error: { code: 'INTERNAL_ERROR', message: 'unexpected server error; it has been logged' } }, 500);
  };
  app.onError(onError);
  // PSP notifications: public, protected by the PSPs' signatures only; no browser ever reads them.
  const ipn = ipnRoutes(notifications).onError(onError);
  app.route('/', ipn);

  app.use('*', secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, crossOriginEmbedderPolicy: false }));

  app.use('/api/*', sameOriginOnly(deps.allowedOrigins), authenticate(auth));
  const routes: ApiRoute[] = [
    ...authRoutes(auth),
    ...orderRoutes({ storage, switches: config.switches, now }),
    ...inboxRoutes({ storage, notifications }),
    ...accountRoutes(config),
    ...userRoutes({ auth, storage }),
    ...tokenRoutes({ auth, storage, now }),
    ...auditRoutes(storage),
    ...importRoutes({ storage, imports, profiles }),
    ...discrepancyRoutes({ storage, reconciler }),
    ...reportRoutes({ storage, now }),
    ...operationRoutes({ storage, operations, switches: config.switches, now }),
  ];
  const document = openApiDocument(routes, { title: 'Split Recon API', version: '0.1.0' });
  routes.push(
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      summary: 'This document',
      tag: 'API',
      role: 'viewer',
      response: z.record(z.string(), z.unknown()),
      handler: async () => reply(document as Record<string, unknown>),
    }),
  );
  registerApiRoutes(app, routes);
  app.all('/api/*', (c) => c.json({ error: { code: 'NOT_FOUND', message: `no API route ${c.req.method} ${c.req.path}` } }, 404));

  if (deps.clientDir && existsSync(join(deps.clientDir, 'index.html'))) {
    const index = readFileSync(join(deps.clientDir, 'index.html'), 'utf8');
    app.use('/assets/*', serveStatic({ root: deps.clientDir }));
    // Client-side routes (/orders/12, /inbox) all load the single page; the page asks who is signed in.
    app.get('*', (c) => c.html(index));
  }
  /**
   * What the server serves: notifications, the busiest path by far, go straight to their own small
   * app rather than through the dashboard's router (some fifty routes and their middleware).
   */
  const fetch = (request: Request, env?: { incoming?: { url?: string } }) => (env?.incoming?.url?.startsWith('/ipn/') ? ipn : app).fetch(request, env as AppEnv['Bindings']);
  return { app, fetch, routes, notifications, auth, imports, profiles, reconciler, operations };
}

import { resolve } from 'node:path';
import { DATABASE_PATH, importsDirFor, loadAppConfig } from './config/locate';
import { FolderWatcher } from './imports/watch-folder';
import { listen } from './server';
import { SqliteStorage } from './storage/sqlite/sqlite-storage';

/** PUBLIC_ORIGIN: the dashboard's address as browsers see it, when a proxy serves it under another one. */
function originsFromEnv(): string[] {
  return (process.env.PUBLIC_ORIGIN ?? '').split(',').map((o) => o.trim()).filter(Boolean);
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const databasePath = DATABASE_PATH;
  const config = loadAppConfig();
  const storage = SqliteStorage.open(databasePath, { applyInWorker: true });
  const server = await listen({ storage, config, clientDir: resolve('dist/client'), allowedOrigins: originsFromEnv(), importsDir: importsDirFor(databasePath) }, port);
  if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD) {
    const outcome = await server.auth.ensureAdmin(process.env.ADMIN_EMAIL, process.env.ADMIN_PASSWORD);
    console.log(`Administrator ${process.env.ADMIN_EMAIL}: ${outcome}`);
  } else if ((await storage.auth.listUsers()).length === 0) {
    console.log('No user yet: set ADMIN_EMAIL and ADMIN_PASSWORD (or run `npm run user -- add ...`) to sign in.');
  }
  server.reconciler.start();
  server.operations.start();
  const resumed = await server.imports.resume();
  if (resumed.count) console.log(`Taking up ${resumed.count} report import(s) a stop cut short, from their stored files`);
  const watchDir = process.env.IMPORT_WATCH_DIR;
  const watcher = watchDir ? new FolderWatcher(watchDir, server.imports, config, { warn: console.warn, info: console.log }).start() : null;
  if (watchDir) console.log(`Importing the report files dropped in ${watchDir} (handled files move to its imported/ and refused/ folders)`);
  console.log(`Split Recon listening on http://localhost:${server.port} (database ${databasePath}, ${config.accounts.size} PSP accounts from ${config.source})`);

  const stop = async () => {
    await watcher?.stop();
    await server.reconciler.stop();
    await server.operations.stop();
    await server.close();
    await storage.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, loadConfigFile } from './config/accounts';
import { listen } from './server';
import { SqliteStorage } from './storage/sqlite/sqlite-storage';

const EXAMPLE_CONFIG = 'split-recon.config.example.json';

function configPath(): string {
  if (process.env.SPLIT_RECON_CONFIG) return process.env.SPLIT_RECON_CONFIG;
  if (existsSync('split-recon.config.json')) return 'split-recon.config.json';
  console.log(`split-recon.config.json not found: using ${EXAMPLE_CONFIG} (accounts of the local PSP sandbox)`);
  return EXAMPLE_CONFIG;
}

/** PUBLIC_ORIGIN: the dashboard's address as browsers see it, when a proxy serves it under another one. */
function originsFromEnv(): string[] {
  return (process.env.PUBLIC_ORIGIN ?? '').split(',').map((o) => o.trim()).filter(Boolean);
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8787);
  const databasePath = process.env.DATABASE_PATH ?? 'data/split-recon.sqlite';
  let config;
  try {
    config = loadConfigFile(configPath());
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const storage = SqliteStorage.open(databasePath);
  const server = await listen({ storage, config, clientDir: resolve('dist/client'), allowedOrigins: originsFromEnv(), importsDir: join(dirname(databasePath), 'imports') }, port);
  if (process.env.ADMIN_EMAIL && process.env.ADMIN_PASSWORD) {
    const outcome = await server.auth.ensureAdmin(process.env.ADMIN_EMAIL, process.env.ADMIN_PASSWORD);
    console.log(`Administrator ${process.env.ADMIN_EMAIL}: ${outcome}`);
  } else if ((await storage.auth.listUsers()).length === 0) {
    console.log('No user yet: set ADMIN_EMAIL and ADMIN_PASSWORD (or run `npm run user -- add ...`) to sign in.');
  }
  console.log(`Split Recon listening on http://localhost:${server.port} (database ${databasePath}, ${config.accounts.size} PSP accounts from ${config.source})`);

  const stop = async () => {
    await server.close();
    await storage.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();

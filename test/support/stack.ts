import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig, type AppConfig } from '../../server/config/accounts';
import { listen } from '../../server/server';
import { SqliteStorage } from '../../server/storage/sqlite/sqlite-storage';
import { startSandbox } from '../../sandbox/sandbox';

export interface ExampleConfig {
  accounts: ({ id: string; psp: string; apiBaseUrl: string } & Record<string, unknown>)[];
}
const EXAMPLE = JSON.parse(readFileSync(new URL('../../split-recon.config.example.json', import.meta.url), 'utf8')) as ExampleConfig;

/** The shipped example configuration, its PSP base URLs pointed at a sandbox listening on `sandboxUrl`. */
export function configFor(sandboxUrl: string, edit: (json: ExampleConfig) => void = () => {}): AppConfig {
  const json = structuredClone(EXAMPLE);
  for (const a of json.accounts) a.apiBaseUrl = a.apiBaseUrl.replace(/^http:\/\/127\.0\.0\.1:8788/, sandboxUrl);
  edit(json);
  const built = buildConfig(json, 'test config');
  if (!built.ok) throw built.error;
  return built.value;
}

export function tempDir(prefix = 'split-recon-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A real server on a real SQLite file, with the PSP sandbox beside it, both on free localhost ports. */
export async function startStack(options: { clientDir?: string; now?: () => Date; editConfig?: (json: ExampleConfig) => void } = {}) {
  const dir = tempDir();
  const sandbox = await startSandbox(configFor('http://127.0.0.1:8788', options.editConfig));
  const config = configFor(sandbox.url, options.editConfig);
  const databasePath = join(dir.path, 'split-recon.sqlite');
  const storage = SqliteStorage.open(databasePath);
  const warnings: string[] = [];
  const server = await listen({ storage, config, clientDir: options.clientDir, now: options.now, log: { warn: (m) => warnings.push(m) } }, 0, '127.0.0.1');
  return {
    server,
    sandbox: sandbox.sandbox,
    sandboxUrl: sandbox.url,
    storage,
    config,
    databasePath,
    warnings,
    async close() {
      await server.close();
      await sandbox.close();
      await storage.close();
      dir.remove();
    },
  };
}

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, loadConfigFile, type AppConfig } from './accounts';

const EXAMPLE_CONFIG = 'split-recon.config.example.json';

/** Where things are, from the environment, the same for the server and the command-line tools. */
export const DATABASE_PATH = process.env.DATABASE_PATH ?? 'data/split-recon.sqlite';

/** Imported report files are kept beside the database, by their SHA-256. */
export function importsDirFor(databasePath: string): string {
  return join(dirname(databasePath), 'imports');
}

function configPath(log: (m: string) => void): string {
  if (process.env.SPLIT_RECON_CONFIG) return process.env.SPLIT_RECON_CONFIG;
  if (existsSync('split-recon.config.json')) return 'split-recon.config.json';
  log(`split-recon.config.json not found: using ${EXAMPLE_CONFIG} (accounts of the local PSP sandbox)`);
  return EXAMPLE_CONFIG;
}

/** The account configuration; an invalid one ends the process with the message naming the field. */
export function loadAppConfig(log: (m: string) => void = console.log): AppConfig {
  try {
    return loadConfigFile(configPath(log));
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

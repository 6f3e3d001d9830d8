import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export const DEFAULT_SYNCHRONOUS = 'NORMAL';

export interface OpenOptions {
  /**
   * `NORMAL` (default, WAL): a commit survives a crash of the process; the WAL is synced at each
   * checkpoint. `FULL`: each group commit is also fsynced, surviving a power loss, at the disk's pace.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * What the threads writing one file share, cloneable to a worker: the file, how it is opened, the
 * memory of its write lock (`WriteLock`) and of its notification queue (`QueueSignal`).
 */
export interface SharedConnection {
  path: string;
  options: OpenOptions;
  lock: SharedArrayBuffer;
  signal: SharedArrayBuffer;
}

/** Opens (creating its folder) the database file, sets WAL and foreign keys, applies pending migrations. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? DEFAULT_SYNCHRONOUS}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Versioned SQL migrations: `NNN_name.sql`, each applied once, in order, in its own transaction. */
export function migrate(db: Db): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
  const done: number[] = [];
  for (const file of files) {
    const version = Number(file.split('_')[0]);
    if (applied.has(version)) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(version, file, new Date().toISOString());
    })();
    done.push(version);
  }
  return done;
}

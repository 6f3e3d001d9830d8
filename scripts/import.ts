import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { ImportDetail } from '../shared/api-imports';
import { DATABASE_PATH, importsDirFor, loadAppConfig } from '../server/config/locate';
import { ImportService } from '../server/imports/import-service';
import { ProfileCatalogue } from '../server/imports/profiles';
import { SqliteStorage } from '../server/storage/sqlite/sqlite-storage';

const USAGE = `Import a PSP report file (database: DATABASE_PATH, default data/split-recon.sqlite)

  npm run import -- <file> [--account <id>] [--profile <name>]

The account and the profile are found from the file when there is no doubt. The file is applied
in one transaction, or refused with its errors (line, column, what was expected) and nothing applied.
Exit code: 0 applied or already imported, 1 refused, 2 bad usage.`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!file || args.includes('--help')) {
  console.error(USAGE);
  process.exit(file ? 0 : 2);
}
let size: number;
try {
  size = statSync(file).size;
} catch {
  console.error(`${file}: no such file`);
  process.exit(2);
}

const config = loadAppConfig((m) => console.error(m));
const storage = SqliteStorage.open(DATABASE_PATH);
const service = new ImportService(storage, config, new ProfileCatalogue(storage.imports), importsDirFor(DATABASE_PATH));
const actor = { type: 'system' as const, id: null, label: `command line (${userInfo().username})`, address: null };

const tty = process.stderr.isTTY;
const started = Date.now();
const { id, done } = await service.receive({ source: createReadStream(file), fileName: basename(file), channel: 'cli', actor, accountId: option(args, 'account'), profile: option(args, 'profile') });

/** A progress bar on a terminal; a line every few seconds otherwise (CI logs, cron mails). */
let lastLine = 0;
const timer = setInterval(() => {
  const p = service.progress(id);
  if (!p) return;
  const share = size ? p.bytes / size : 1;
  const pass = p.phase === 'checking' ? 'checking' : 'applying';
  if (tty) {
    const width = 30;
    const filled = Math.round(share * width);
    process.stderr.write(`\r${pass} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${p.rows.toLocaleString('fr-FR')} rows  ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else if (Date.now() - lastLine > 5000) {
    lastLine = Date.now();
    console.error(`${pass}: ${(share * 100).toFixed(0)}% read, ${p.rows} rows`);
  }
}, 200);

const result: ImportDetail = await done;
clearInterval(timer);
if (tty) process.stderr.write('\n');
await storage.close();
console.log(describe(result));
process.exit(result.status === 'failed' ? 1 : 0);

function describe(r: ImportDetail): string {
  const head = `import #${r.id} ${r.fileName}: ${r.status}${r.profile ? ` (profile ${r.profile}, account ${r.accountId})` : ''}`;
  if (r.status === 'duplicate') return `${head}\n${r.message}`;
  if (r.status === 'failed') {
    const errors = r.errors.map((e) => `  ${e.line ? `line ${e.line}` : 'file'}${e.column ? `, column ${e.column}${e.columnName ? ` (${e.columnName})` : ''}` : ''}: ${e.message} [${e.code}]`);
    return [head, r.message ?? '', ...errors, ...(r.moreErrors ? ['  ... more errors not listed'] : [])].join('\n');
  }
  const c = r.counts;
  return `${head}\n  ${c.rows} rows: ${c.new} new, ${c.confirmed} confirmed, ${c.unchanged} unchanged, ${c.unmatched} unmatched, ${c.discrepancies} discrepancies, in ${r.durationMs} ms`;
}

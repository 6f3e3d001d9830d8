import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { seededRandom } from '../sandbox/orders';

/**
 * `npm run bench:import`: a generated Sips transactions report (JT) of ROWS rows (default 1,000,000;
 * half of them Conecs splits, so they speak of two parts), imported into a fresh database by the real
 * import in its own process: the time until the file is accepted (stored, every row checked and kept),
 * the time until it is applied to orders, rows per second, peak memory; then the same file loaded with
 * the sqlite3 command line's `.import` into a bare table, the floor on this machine; and the ratios.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
const file = join(dir, 'JT_011223344550000_20261120.csv');

const HEADER = 'TRANSACTION_DATE_TIME;TRANSACTION_REFERENCE;ORDER_ID;AMOUNT;CURRENCY_CODE;PAYMENT_MEAN_BRAND;TRANSACTION_STATUS;ACQUIRER_RESPONSE_CODE;AUTHORISATION_ID;MASKED_PAN;ACQUIRER_RESPONSE_MESSAGE;ORDER_CHANNEL';

async function generate(): Promise<void> {
  const rng = seededRandom(42);
  const out = createWriteStream(file);
  out.write(`TITLE;JT;TRANSACTIONS REPORT;011223344550000;2026-11-21;TAB20_V1\n${HEADER}\n`);
  const vouchers = ['APETIZ', 'SODEXO', 'UPCHEQUDEJ'];
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const second = Math.floor((i / ROWS) * 86_000);
    const time = `2026-11-20T${String(Math.floor(second / 3600)).padStart(2, '0')}:${String(Math.floor(second / 60) % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}+01:00`;
    const amount = 500 + Math.floor(rng() * 9000);
    const pan = `497010######${String(Math.floor(rng() * 10_000)).padStart(4, '0')}`;
    const auth = String(Math.floor(rng() * 1_000_000)).padStart(6, '0');
    if (i % 2 === 0) {
      const voucher = Math.min(amount, 300 + Math.floor(rng() * 1600));
      const split = `SPLIT:${vouchers[i % 3]}:${100000000 + i}:${voucher}:CB:${pan}:${amount - voucher}`;
      chunk += `${time};SR${9000000 + i};CMD-${i};${amount};978;CONECS;CAPTURED;00;${auth};;${split};INTERNET\n`;
    } else {
      chunk += `${time};SR${9000000 + i};CMD-${i};${amount};978;CB;CAPTURED;00;${auth};${pan};;INTERNET\n`;
    }
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.write(`${chunk}END;${ROWS}\n`);
  out.end();
  await once(out, 'finish');
}

function sqliteImport(): number {
  const db = join(dir, 'bare.sqlite');
  const columns = HEADER.split(';').map((c) => `${c} TEXT`).join(', ');
  execFileSync('sqlite3', [db, `CREATE TABLE jt (${columns});`]);
  const started = process.hrtime.bigint();
  // The same rows: TITLE and header skipped; the trailer line is the one row more.
  spawnSync('sqlite3', [db, '-cmd', '.mode csv', '-cmd', '.separator ;', '-cmd', `.import --skip 2 ${file} jt`], { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

try {
  await generate();
  const size = statSync(file).size;
  // BENCH_PROFILE=<dir>: a V8 CPU profile of the import, to open in Chrome's DevTools.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const run = spawnSync(process.execPath, [...profile, '--import', 'tsx', 'bench/import-run.ts', file, join(dir, 'split-recon.sqlite')], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(run.stderr);
  if (process.env.BENCH_VERBOSE) process.stderr.write(run.stderr);
  const ours = JSON.parse(run.stdout.trim().split('\n').pop()!) as { seconds: number; acceptedSeconds: number; status: string; message: string | null; counts: Record<string, number>; peakMB: number };
  if (ours.status !== 'applied') throw new Error(`the import did not apply: ${ours.message}`);
  const floor = sqliteImport();
  console.log(`Import benchmark: ${ROWS.toLocaleString('en')} rows (${(size / 1e6).toFixed(0)} MB, Sips JT, half Conecs splits), ${cpus().length} CPUs, Node ${process.version}`);
  console.log(`  sqlite3 .import                  ${floor.toFixed(1)} s   ${(ROWS / floor).toFixed(0)} rows/s   (bare table, no index)`);
  console.log(`  Split Recon, file accepted       ${ours.acceptedSeconds.toFixed(1)} s   ${(ROWS / ours.acceptedSeconds).toFixed(0)} rows/s   ${(ours.acceptedSeconds / floor).toFixed(1)}x the bare .import   (stored raw, hashed, every row checked and kept in SQLite, verdict committed)`);
  console.log(`  Split Recon, applied to orders   ${ours.seconds.toFixed(1)} s   ${(ROWS / ours.seconds).toFixed(0)} rows/s   ${(ours.seconds / floor).toFixed(1)}x the bare .import   (${ours.counts.new} new parts' rows: orders, parts, events, lines)`);
  console.log(`  peak memory                      ${ours.peakMB.toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

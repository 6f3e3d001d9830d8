import { readCsv } from '../server/imports/csv';

/**
 * `npx tsx bench/csv.ts`: readCsv over ~150 MB generated in memory (a Sips-like ';' report of
 * ~150-byte lines, no quotes, some accented characters), fed as 64 KiB chunks; prints MB/s and rows/s.
 * `BENCH_QUOTED=1` quotes every field instead (the char-by-char path).
 */
const TARGET_BYTES = Number(process.env.BENCH_MB ?? 150) * 1e6;
const CHUNK = 64 * 1024;
const quoted = process.env.BENCH_QUOTED === '1';

function line(i: number): string {
  const fields = [
    `TR${String(i).padStart(10, '0')}`,
    `CMD-2024-${String(i % 1_000_000).padStart(6, '0')}`,
    String(100 + ((i * 7919) % 99_900)),
    '978',
    '011223344550000',
    '2024-05-01T12:34:56+02:00',
    i % 10 === 0 ? 'REFUSED' : 'CAPTURED',
    '00',
    String(100000 + (i % 900000)),
    '4970XXXXXXXX1234',
    i % 3 === 0 ? 'APETIZ' : 'CB',
    i % 5 === 0 ? 'Chèque-Vacances' : 'Carte bancaire',
    '2024-05-03',
    i % 3 === 0 ? 'APETIZ:1000|CB:990' : '',
  ];
  return (quoted ? fields.map((f) => `"${f}"`) : fields).join(';') + '\n';
}

const header = 'TRANSACTION_REFERENCE;ORDER_ID;AMOUNT;CURRENCY_CODE;MERCHANT_ID;TRANSACTION_DATE_TIME;TRANSACTION_STATUS;RESPONSE_CODE;AUTHORISATION_ID;MASKED_PAN;PAYMENT_MEAN_BRAND;LABEL;CAPTURE_DATE;SPLIT\n';
const parts: string[] = [header];
let size = header.length;
let lines = 1;
while (size < TARGET_BYTES) {
  const l = line(lines);
  parts.push(l);
  size += l.length;
  lines++;
}
const data = Buffer.from(parts.join(''), 'utf8');
parts.length = 0;
const chunks: Uint8Array[] = [];
for (let i = 0; i < data.length; i += CHUNK) chunks.push(data.subarray(i, i + CHUNK));

async function* source(): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

async function run(): Promise<{ seconds: number; rows: number; problems: number }> {
  const start = process.hrtime.bigint();
  let rows = 0;
  let problems = 0;
  for await (const batch of readCsv(source(), { separator: ';' })) {
    for (const item of batch) {
      if ('fields' in item) rows++;
      else problems++;
    }
  }
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, rows, problems };
}

console.log(`${(data.length / 1e6).toFixed(1)} MB, ${lines} lines of ~${Math.round(data.length / lines)} bytes${quoted ? ', every field quoted' : ''}, ${chunks.length} chunks of 64 KiB`);
await run(); // warm-up
for (let r = 1; r <= 3; r++) {
  const { seconds, rows, problems } = await run();
  if (rows !== lines || problems !== 0) throw new Error(`read ${rows} rows and ${problems} problems, expected ${lines} rows`);
  console.log(`run ${r}: ${(data.length / 1e6 / seconds).toFixed(0)} MB/s, ${Math.round(rows / seconds).toLocaleString('en')} rows/s (${seconds.toFixed(2)} s)`);
}

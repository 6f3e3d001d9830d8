import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FolderWatcher } from '../../server/imports/watch-folder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '../../shared/api';
import type { ImportDetail, ImportList } from '../../shared/api-imports';
import { defaultNoise, ordersOn, transactionsReport, type ReportFile, type ReportNoise } from '../../sandbox/reports';
import type { SandboxOrder } from '../../sandbox/orders';
import type { Up2payAccount } from '../../server/config/accounts';
import { startStack } from '../support/stack';

let stack: Awaited<ReturnType<typeof startStack>>;
let orders: SandboxOrder[];
let notified: SandboxOrder[];
let silent: SandboxOrder[];
let files: ReportFile[];
let noise: ReportNoise[];
const results = new Map<string, ImportDetail>();
const DAY = '2026-11-20';

/** Uploads a file as the dashboard does (multipart), waiting for the result. */
async function upload(file: { name: string; content: Buffer | string }, query = '', role: 'supervisor' | 'admin' = 'supervisor'): Promise<ImportDetail> {
  const form = new FormData();
  form.append('file', new Blob([typeof file.content === 'string' ? file.content : new Uint8Array(file.content)]), file.name);
  const response = await fetch(`${stack.server.url}/api/imports?wait=true${query}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${stack.people.tokens[role]}` } });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as ImportDetail;
}

/** What the books hold, counted straight from the SQLite file. */
function books() {
  const db = new Database(stack.databasePath, { readonly: true });
  try {
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { lines: count('report_lines'), events: count('part_events'), parts: count('parts'), orders: count('orders') };
  } finally {
    db.close();
  }
}

const fileOf = (profile: string) => files.find((f) => f.profile === profile)!;
const noiseOf = (type: ReportNoise['type'], accountId: string) => noise.find((n) => n.type === type && orders.find((o) => o.reference === n.reference)!.accountId === accountId)!;

beforeAll(async () => {
  stack = await startStack();
  orders = stack.sandbox.generate(90, { seed: 11, from: new Date('2026-11-20T07:00:00Z'), to: new Date('2026-11-20T20:00:00Z') });
  for (const o of orders) for (const p of o.parts) if (p.outcome !== 'refused') p.outcome = 'accepted';
  // Every tenth order was never notified: its parts are first known from the reports.
  silent = orders.filter((_, i) => i % 10 === 9);
  notified = orders.filter((o) => !silent.includes(o));
  const delivered = await stack.sandbox.deliver(stack.server.url, notified, { seed: 5 });
  expect(delivered.byStatus).toEqual({ 200: delivered.sent });
  noise = defaultNoise(ordersOn(notified, DAY), 3);
  files = stack.sandbox.reports(DAY, { noise });
  for (const file of files) results.set(file.name, await upload(file));
}, 60_000);
afterAll(() => stack.close());

describe('importing the sandbox report files', () => {
  it('applies every file through the profile detected from its header, for the account it names', () => {
    for (const file of files) {
      const r = results.get(file.name)!;
      expect(r.status, `${file.name}: ${r.message} ${JSON.stringify(r.errors)}`).toBe('applied');
      expect({ profile: r.profile, account: r.accountId, rows: r.counts.rows, errors: r.counts.errors }).toEqual({ profile: file.profile, account: file.accountId, rows: file.rows, errors: 0 });
    }
  });

  it('confirms notified parts and creates the parts first seen in a report, marked so', async () => {
    const up2pay = results.get(fileOf('up2pay-transactions').name)!;
    const silentParts = ordersOn(silent, DAY, 'up2pay-shop').flatMap((o) => o.parts);
    expect(up2pay.counts.new).toBe(silentParts.length);
    expect(up2pay.counts.discrepancies).toBe(1);
    expect(up2pay.counts.confirmed).toBe(fileOf('up2pay-transactions').rows - silentParts.length - 1);
    const created = ordersOn(silent, DAY, 'up2pay-shop')[0]!;
    const order = await stack.orderBy(created.reference);
    expect(order.parts.map((p) => p.firstSource)).toEqual(order.parts.map(() => 'transactions_report'));
    expect(order.parts.map((p) => p.amount).sort()).toEqual(created.parts.map((p) => p.amount).sort());
    expect(order.notifications).toEqual([]);
  });

  it('flags the part whose report amount differs from its notification', async () => {
    const n = noiseOf('amount_differs', 'up2pay-shop') as Extract<ReportNoise, { type: 'amount_differs' }>;
    const order = await stack.orderBy(n.reference);
    expect(order.anomalies.map((a) => a.code)).toContain('PART_AMOUNT_DIFFERS');
    expect(order.status).toBe('amounts_mismatch');
  });

  it("shows the report line in the part's history, with its file and line", async () => {
    const plain = ordersOn(notified, DAY, 'up2pay-shop').find((o) => o.parts.length === 2 && o.parts.every((p) => p.outcome === 'accepted') && !noise.some((n) => n.reference === o.reference))!;
    const order = await stack.orderBy(plain.reference);
    const fromReports = order.parts.flatMap((p) => p.history).filter((e) => e.report);
    expect(fromReports.map((e) => e.report!.fileName).sort()).toEqual([fileOf('up2pay-operations').name, fileOf('up2pay-operations').name, fileOf('up2pay-transactions').name, fileOf('up2pay-transactions').name].sort());
    expect(fromReports.every((e) => e.report!.line >= 2)).toBe(true);
    const captures = fromReports.filter((e) => e.operation);
    expect(captures.map((e) => ({ type: e.operation!.type, outside: e.operation!.outside }))).toEqual([
      // Captures are the PSP's remittance of what was authorised, not someone's decision elsewhere.
      { type: 'capture', outside: false },
      { type: 'capture', outside: false },
    ]);
    expect(order.parts.every((p) => p.status === 'CAPTURED' && p.capturedAmount === p.amount)).toBe(true);
  });

  it('records an operation done in the PSP back office as outside the product, and applies it', async () => {
    for (const n of noise.filter((x): x is Extract<ReportNoise, { type: 'outside_operation' }> => x.type === 'outside_operation')) {
      const order = await stack.orderBy(n.reference);
      const event = order.parts.flatMap((p) => p.history).find((e) => e.operation && e.operation.type === n.operation);
      expect(event?.operation, n.reference).toMatchObject({ type: n.operation, outside: true, succeeded: true });
      const part = order.parts.find((p) => p.history.includes(event!))!;
      if (n.operation === 'refund') expect(part.refundedAmount).toBe(100);
      else expect(part.status).toBe('CANCELLED');
    }
  });

  it('keeps and lists the operations that match no known part', () => {
    // Axepta has no transactions report: captures of never-notified Axepta payments stay unmatched.
    const axepta = results.get(fileOf('axepta-batch').name)!;
    const silentPayments = ordersOn(silent, DAY, 'axepta-shop').flatMap((o) => o.parts.filter((p) => p.outcome === 'accepted'));
    expect(axepta.counts.unmatched).toBe(silentPayments.length);
    expect(axepta.unmatchedLines.map((l) => l.reference).sort()).toEqual(ordersOn(silent, DAY, 'axepta-shop').flatMap((o) => o.parts.filter((p) => p.outcome === 'accepted').map(() => o.reference)).sort());
  });

  it('recognises the same file given twice, and changes nothing', async () => {
    const before = books();
    const file = fileOf('sips-transactions');
    const again = await upload(file);
    expect(again.status).toBe('duplicate');
    expect(again.duplicateOf).toBe(results.get(file.name)!.id);
    expect(books()).toEqual(before);
  });

  it('changes nothing for rows an overlapping file already applied', async () => {
    // The same day without the noise: the rows equal to yesterday's file are unchanged, the others are new lines.
    const clean = transactionsReport(ordersOn(orders, DAY), stack.config.accounts.get('up2pay-shop') as Up2payAccount, { day: DAY });
    const noisy = new Set(fileOf('up2pay-transactions').content.toString('latin1').split('\r\n'));
    const sameRows = clean.content.toString('latin1').split('\r\n').slice(1).filter((l) => l && noisy.has(l)).length;
    const r = await upload({ name: 'weekly.csv', content: clean.content });
    expect(r.status).toBe('applied');
    expect(r.counts.unchanged).toBe(sameRows);
    expect(r.counts.unchanged).toBeLessThan(clean.rows);
  });

  it('lists the imports with who, when, profile and counts', async () => {
    const list = await stack.as('viewer')<ImportList>('/api/imports?limit=100');
    const first = list.items.find((i) => i.fileName === files[0]!.name && i.status === 'applied')!;
    expect(first).toMatchObject({ actor: 'token test supervisor', channel: 'upload', profile: files[0]!.profile });
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe('bad files: a clear error with line and column, nothing applied', () => {
  const up2payText = () => fileOf('up2pay-transactions').content.toString('latin1');
  const latin1 = (text: string) => Buffer.from(text, 'latin1');
  const sipsText = () => fileOf('sips-transactions').content.toString('utf8');

  async function refused(name: string, content: Buffer | string, query = '') {
    const before = books();
    const r = await upload({ name, content }, query);
    expect(r.status, JSON.stringify(r)).toBe('failed');
    expect(books()).toEqual(before);
    expect(r.message).toMatch(/nothing was applied$/);
    return r;
  }

  it('an empty file', async () => {
    expect((await refused('empty.csv', '')).errors[0]).toMatchObject({ code: 'EMPTY_FILE' });
  });

  it('a header and no rows', async () => {
    expect((await refused('header.csv', latin1(up2payText().split('\r\n')[0]! + '\r\n'))).errors[0]).toMatchObject({ code: 'NO_ROWS', line: 1 });
  });

  it('but a day without payments, whose trailer or FOOT says so, is a valid empty report', async () => {
    const [title, header] = sipsText().split('\n');
    const sips = await upload({ name: 'JT_empty.csv', content: `${title}\n${header}\nEND;0\n` });
    expect(sips).toMatchObject({ status: 'applied', counts: { rows: 0 } });
    const axepta = await upload({ name: 'P-empty.dat', content: 'HEAD,BNP_SANDBOX_MID,20261122,2.1\nFOOT,0,0\n' });
    expect(axepta).toMatchObject({ status: 'applied', counts: { rows: 0 }, profile: 'axepta-batch' });
  });

  it('the wrong separator', async () => {
    const r = await refused('commas.csv', latin1(up2payText().replaceAll(';', ',')));
    expect(r.errors[0]).toMatchObject({ code: 'WRONG_SEPARATOR', line: 1 });
    expect(r.errors[0]!.message).toContain('","');
  });

  it('a column missing (the file drifted from its profile)', async () => {
    const lines = up2payText().split('\r\n').map((l) => l.split(';').filter((_, i) => i !== 6).join(';'));
    const r = await refused('drift.csv', latin1(lines.join('\r\n')));
    expect(r.errors[0]).toMatchObject({ code: 'COLUMNS_DRIFTED', line: 1 });
    expect(r.errors[0]!.message).toContain('missing "Devise"');
  });

  it('a new column in a profile that refuses unknown columns', async () => {
    const lines = up2payText().split('\r\n').map((l, i) => (l ? `${l};${i === 0 ? 'Canal' : 'WEB'}` : l));
    expect((await refused('new-column.csv', latin1(lines.join('\r\n')))).errors[0]!.message).toContain('new "Canal"');
  });

  it('a line with too many fields', async () => {
    const lines = up2payText().split('\r\n');
    lines[2] = `${lines[2]};extra`;
    expect((await refused('too-many.csv', latin1(lines.join('\r\n')))).errors[0]).toMatchObject({ code: 'TOO_MANY_FIELDS', line: 3, column: 11 });
  });

  it('a non-numeric amount, and every other bad line, each with its line and column', async () => {
    const lines = up2payText().split('\r\n');
    lines[1] = lines[1]!.replace(/;\d+,\d\d;EUR;/, ';douze;EUR;');
    lines[3] = lines[3]!.replace(/^\d\d\/\d\d\/\d{4}/, '30/02/2026');
    const r = await refused('bad-values.csv', latin1(lines.join('\r\n')));
    expect(r.errors.map((e) => ({ line: e.line, column: e.column, columnName: e.columnName, code: e.code }))).toEqual([
      { line: 2, column: 6, columnName: 'Montant', code: 'BAD_AMOUNT' },
      { line: 4, column: 1, columnName: 'Date', code: 'BAD_DATE' },
    ]);
    expect(r.errors[0]!.message).toBe('expected an amount like 19,00 or 19.00, got "douze"');
    expect(r.message).toMatch(/^line 2, column 6 \(Montant\): /);
  });

  it('an impossible date in a Sips report', async () => {
    const lines = sipsText().split('\n');
    lines[2] = lines[2]!.replace(/^\d{4}-\d\d-\d\d/, '2026-02-30');
    expect((await refused('bad-date.csv', lines.join('\n'))).errors[0]).toMatchObject({ code: 'BAD_DATE', line: 3, column: 1, columnName: 'TRANSACTION_DATE_TIME' });
  });

  it('a quoted field holding the separator is one value', async () => {
    const lines = sipsText().split('\n');
    lines[2] = lines[2]!.replace(/;INTERNET$/, ';"WEB;SHOP"');
    const r = await upload({ name: 'quoted.csv', content: lines.join('\n') });
    expect(r.status, JSON.stringify(r.errors)).toBe('applied');
    expect(r.counts.errors).toBe(0);
  });

  it('a FOOT whose count or sum is wrong', async () => {
    const text = fileOf('axepta-batch').content.toString('utf8');
    const count = await refused('count.dat', text.replace(/FOOT,(\d+),/, (_, n: string) => `FOOT,${Number(n) + 1},`));
    expect(count.errors[0]).toMatchObject({ code: 'FOOT_COUNT', column: 2 });
    const sum = await refused('sum.dat', text.replace(/FOOT,(\d+),(\d+)/, (_, n: string, s: string) => `FOOT,${n},${Number(s) - 1}`));
    expect(sum.errors[0]).toMatchObject({ code: 'FOOT_SUM', column: 3 });
  });

  it('a file of another PSP given to this account', async () => {
    const r = await refused('sips-as-up2pay.csv', sipsText(), '&account=up2pay-shop');
    expect(r.errors[0]).toMatchObject({ code: 'WRONG_PSP' });
    expect(r.errors[0]!.message).toBe('this file is a Worldline Sips transactions report (JT), but account up2pay-shop is a Up2pay e-Transactions account');
  });

  it('a file cut in the middle', async () => {
    const sips = sipsText();
    const cutSips = await refused('cut.csv', sips.slice(0, Math.floor(sips.length * 0.6)));
    expect(cutSips.errors.map((e) => e.code)).toContain('FILE_CUT');
    const up2pay = up2payText();
    const cutUp2pay = await refused('cut-up2pay.csv', latin1(up2pay.slice(0, up2pay.lastIndexOf(';EUR;'))));
    expect(cutUp2pay.errors[0]).toMatchObject({ code: 'TOO_FEW_FIELDS' });
    expect(cutUp2pay.errors[0]!.message).toContain('the line may be cut');
  });

  it('keeps the refused file, its errors and its raw bytes for inspection', async () => {
    const list = await stack.api<ImportList>('/api/imports?status=failed&limit=100');
    expect(list.total).toBeGreaterThanOrEqual(10);
    const detail = await stack.api<ImportDetail>(`/api/imports/${list.items[0]!.id}`);
    expect(detail.errors.length).toBeGreaterThan(0);
    expect(detail.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('stops collecting after 100 errors, says there are more, and applies nothing', async () => {
    const [header, ...rows] = up2payText().split('\r\n').filter(Boolean);
    const bad = Array.from({ length: 150 }, (_, i) => rows[i % rows.length]!.replace(/;\d+,\d\d;EUR;/, ';n/a;EUR;'));
    const r = await refused('many-errors.csv', latin1([header, ...bad].join('\r\n')));
    expect(r.errors).toHaveLength(100);
    expect(r.moreErrors).toBe(true);
    expect(r.errors[99]).toMatchObject({ line: 101, code: 'BAD_AMOUNT' });
  });

  it('only supervisors and admins import', async () => {
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.csv');
    const response = await fetch(`${stack.server.url}/api/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${stack.people.tokens.agent}` } });
    expect(response.status).toBe(403);
  });
});

describe('mapping profiles', () => {
  it('an admin adds one; files with its header import through it; others may only read profiles', async () => {
    const base = await stack.api<Record<string, unknown> & { columns: Record<string, string[]> }>('/api/import-profiles/up2pay-transactions');
    const custom = { ...base, name: 'up2pay-transactions-v2', label: 'Up2pay export, 2027 layout', columns: { ...base.columns, amount: ['Montant TTC'] } };
    const post = (role: 'admin' | 'supervisor', body: unknown) =>
      fetch(`${stack.server.url}/api/import-profiles`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.people.tokens[role]}` } });
    expect((await post('supervisor', custom)).status).toBe(403);
    const invalid = await post('admin', { ...custom, required: ['split'] });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toContain('"split" is required but has no column');
    expect((await post('admin', custom)).status).toBe(200);
    const list = await stack.as('viewer')<{ items: { name: string; origin: string }[] }>('/api/import-profiles');
    expect(list.items.find((p) => p.name === 'up2pay-transactions-v2')).toMatchObject({ origin: 'custom' });

    const renamed = fileOf('up2pay-transactions').content.toString('latin1').replace(';Montant;', ';Montant TTC;').replace(/(\r\n[^\r]*?)$/, '$1');
    const r = await upload({ name: 'up2pay-2027.csv', content: Buffer.from(renamed.replace('20/11/2026', '21/11/2026'), 'latin1') });
    expect(r).toMatchObject({ status: 'applied', profile: 'up2pay-transactions-v2' });
    const audit = await stack.api<{ items: { action: string }[] }>('/api/audit?limit=200');
    expect(audit.items.map((a) => a.action)).toContain('import_profile.saved');
  });
});

describe('the watched folder', () => {
  it('imports a file dropped at the top (account from the file) or in an account folder, once its size is stable, then moves it', async () => {
    const dir = join(stack.importsDir, '..', 'inbox-sftp');
    mkdirSync(join(dir, 'up2pay-shop'), { recursive: true });
    const watcher = new FolderWatcher(dir, stack.server.imports, stack.config, { warn: (m) => stack.warnings.push(m) });
    const payline = fileOf('payline-transactions');
    writeFileSync(join(dir, 'delivered.csv'), payline.content);
    writeFileSync(join(dir, 'up2pay-shop', 'broken.csv'), 'Date;Référence\n');
    await watcher.scan(); // first look: sizes noted, nothing taken yet
    expect(readdirSync(dir).sort()).toEqual(['delivered.csv', 'imported', 'refused', 'up2pay-shop']);
    await watcher.scan();
    expect(readdirSync(join(dir, 'imported'))).toEqual([expect.stringMatching(/^\d+-delivered\.csv$/)]);
    expect(readdirSync(join(dir, 'refused'))).toEqual([expect.stringMatching(/^\d+-broken\.csv$/)]);
    const list = await stack.api<ImportList>('/api/imports?limit=3');
    const dropped = list.items.filter((i) => i.channel === 'watch');
    expect(dropped.map((i) => [i.fileName, i.status, i.actor, i.accountId])).toEqual([
      ['broken.csv', 'failed', 'watched folder', 'up2pay-shop'],
      ['delivered.csv', 'duplicate', 'watched folder', 'payline-shop'],
    ]);
    await watcher.stop();
  });
});

describe('order detail', () => {
  it('types the history events of reports', async () => {
    const order: OrderDetail = await stack.orderBy(ordersOn(notified, DAY, 'sips-shop')[0]!.reference);
    expect(order.parts.flatMap((p) => p.history.map((e) => e.source))).toContain('transactions_report');
  });
});

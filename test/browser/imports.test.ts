import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderDetailSchema, OrderListSchema, type OrderDetail, type PartEvent } from '../../shared/api';
import { IMPORT_STATUS_LABELS, ImportDetailSchema, ImportListSchema, type ImportDetail } from '../../shared/api-imports';
import { defaultNoise, ordersOn, type ReportFile } from '../../sandbox/reports';
import { dropFile, parseFrenchCount, parseFrenchMoney, startBrowserStack, type BrowserStack } from '../support/browser';

const DAY = '2026-11-20';
const SHOTS = '/tmp/imports';
const COUNT_KEYS = ['rows', 'new', 'confirmed', 'unchanged', 'unmatched', 'discrepancies'] as const;
const FINAL_LABELS = [IMPORT_STATUS_LABELS.applied, IMPORT_STATUS_LABELS.duplicate, IMPORT_STATUS_LABELS.failed];
const parisDate = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short' });
const parisTime = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', timeStyle: 'medium' });

/** A Sips transactions file whose data line `line` (1-based, in the file) has `value` as its AMOUNT. */
function withAmount(file: ReportFile, line: number, value: string): Buffer {
  const lines = file.content.toString('utf8').split('\n');
  const column = lines[1]!.split(';').indexOf('AMOUNT');
  const cells = lines[line - 1]!.split(';');
  cells[column] = value;
  lines[line - 1] = cells.join(';');
  return Buffer.from(lines.join('\n'), 'utf8');
}

/** The Sips operations file with `extra` capture rows of transactions nobody knows, its END trailer counting them. */
function withUnknownOperations(file: ReportFile, extra: number): Buffer {
  const lines = file.content.toString('utf8').split('\n').filter(Boolean);
  const header = lines[1]!.split(';');
  const template = lines[2]!.split(';');
  const added = Array.from({ length: extra }, (_, i) => {
    const cells = [...template];
    cells[header.indexOf('TRANSACTION_REFERENCE')] = `SRX${String(i).padStart(6, '0')}`;
    cells[header.indexOf('ORDER_ID')] = `UNKNOWN-${i}`;
    return cells.join(';');
  });
  const data = lines.slice(2, -1);
  return Buffer.from([lines[0], lines[1], ...data, ...added, `END;${data.length + extra}`].map((l) => `${l}\n`).join(''), 'utf8');
}

describe('Imports page', () => {
  let stack: BrowserStack['stack'];
  let env: BrowserStack;
  let page: Page;
  let errors: string[];
  let jt: ReportFile;
  let jo: ReportFile;
  /** The first import of the transactions file, the one a repeat points at. */
  let first: ImportDetail;

  const apiImport = async (id: number) => ImportDetailSchema.parse(await stack.api(`/api/imports/${id}`));
  const lastImportId = async () => ImportListSchema.parse(await stack.api('/api/imports?limit=1')).items[0]?.id ?? 0;
  const historyRows = () => page.locator('table.data-table tbody tr');
  const uploadPanel = () => page.getByRole('region', { name: 'Import a report file' });
  const choose = (file: { name: string; buffer: Buffer }) => page.locator('input[type="file"]').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.buffer });

  /** Runs `upload`, then waits for the new import to be finished in the API and on the page; returns it from the API. */
  async function uploadAndWait(upload: () => Promise<void>): Promise<ImportDetail> {
    const before = await lastImportId();
    await upload();
    await expect.poll(lastImportId, { timeout: 20_000 }).toBeGreaterThan(before);
    const id = await lastImportId();
    await expect.poll(() => apiImport(id).then((i) => i.status), { timeout: 20_000 }).toMatch(/^(applied|duplicate|failed)$/);
    await expect.poll(() => page.getByTestId('import-current-link').textContent(), { timeout: 20_000 }).toBe(`Import #${id}`);
    await expect.poll(() => page.getByTestId('import-current-status').textContent(), { timeout: 20_000 }).toBeOneOf(FINAL_LABELS);
    return apiImport(id);
  }

  async function shownCounts(): Promise<Record<(typeof COUNT_KEYS)[number], number>> {
    const entries = await Promise.all(COUNT_KEYS.map(async (key) => [key, parseFrenchCount((await page.getByTestId(`count-${key}`).textContent())!)] as const));
    return Object.fromEntries(entries) as Record<(typeof COUNT_KEYS)[number], number>;
  }

  beforeAll(async () => {
    env = await startBrowserStack();
    ({ stack } = env);
    const orders = stack.sandbox.generate(40, { seed: 11, from: new Date(`${DAY}T07:00:00Z`), to: new Date(`${DAY}T20:00:00Z`) });
    const delivered = await stack.sandbox.deliver(stack.server.url, orders, { seed: 5 });
    expect(delivered.byStatus).toEqual({ 200: delivered.sent });
    const files = stack.sandbox.reports(DAY, { noise: defaultNoise(ordersOn(orders, DAY), 3) });
    jt = files.find((f) => f.profile === 'sips-transactions')!;
    jo = files.find((f) => f.profile === 'sips-operations')!;
    // Importing needs a supervisor.
    ({ page, errors } = await env.open('supervisor'));
  });

  afterAll(() => env?.close());

  it('imports a dropped transactions report and shows the counts the API gives, then lists it in the history', async () => {
    await page.goto('/imports');
    await page.getByRole('heading', { name: 'Imports', level: 1 }).waitFor();
    await expect.poll(() => page.getByText('No imports yet.').count()).toBe(1);
    // The profile list comes from the API, "detect from the header" first.
    const profileOptions = await uploadPanel().getByLabel('Profile').locator('option').allTextContents();
    expect(profileOptions[0]).toBe('Detect from the header');
    expect(profileOptions).toContain('Worldline Sips transactions report (JT)');

    first = await uploadAndWait(() => choose({ name: jt.name, buffer: jt.content }));
    expect(first.status).toBe('applied');
    expect(first.profile).toBe('sips-transactions');
    expect(first.counts.rows).toBe(jt.rows);
    expect(await page.getByTestId('import-current-status').textContent()).toBe('Applied');
    expect(await shownCounts()).toEqual(Object.fromEntries(COUNT_KEYS.map((key) => [key, first.counts[key]])));
    expect((await page.getByTestId('count-duration').textContent())!).toMatch(/^\d[\d\u202f\u00a0 ]*(,\d)?\u00a0(ms|s)$|min/);

    // The history gains the import, newest first, with the same figures, its time in Paris and French format.
    await expect.poll(() => historyRows().count()).toBe(1);
    const cells = historyRows().first().locator('td');
    expect(await cells.nth(0).textContent()).toBe(parisDate.format(new Date(first.receivedAt)) + parisTime.format(new Date(first.receivedAt)));
    expect(await cells.nth(1).textContent()).toBe(`${jt.name}#${first.id}`);
    expect(await cells.nth(2).textContent()).toBe('sips-shopsips-transactions');
    expect(await cells.nth(3).textContent()).toBe('Applied');
    const figures = await Promise.all([4, 5, 6, 7, 8, 9, 10].map(async (i) => parseFrenchCount((await cells.nth(i).textContent())!)));
    expect(figures).toEqual([...COUNT_KEYS.map((key) => first.counts[key]), first.counts.errors]);
    expect(await cells.nth(11).textContent()).toBe(first.actor);
    await page.screenshot({ path: `${SHOTS}-applied.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('says a repeated file is the same as the first import, with a link to it', async () => {
    const repeat = await uploadAndWait(() => choose({ name: jt.name, buffer: jt.content }));
    expect(repeat.status).toBe('duplicate');
    expect(repeat.duplicateOf).toBe(first.id);
    const callout = page.getByTestId('import-duplicate');
    expect(await callout.textContent()).toContain(`import #${first.id}`);
    await page.screenshot({ path: `${SHOTS}-duplicate.png`, fullPage: true });

    await callout.getByRole('link', { name: `import #${first.id}` }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/imports/${first.id}`);
    await expect.poll(() => page.getByTestId('import-status').textContent()).toBe('Applied');
    expect(await page.getByTestId('import-sha256').textContent()).toBe(first.sha256);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(jt.name);
  });

  it('refuses a file with a non-numeric amount and shows the line and column of the error', async () => {
    await page.goto('/imports');
    await page.getByTestId('drop-zone').waitFor();
    const broken = { name: 'JT_broken.csv', mimeType: 'text/csv', buffer: withAmount(jt, 4, '12x4') };
    const refused = await uploadAndWait(() => dropFile(page, '[data-testid="drop-zone"]', broken));
    expect(refused.status).toBe('failed');
    expect(refused.errors).toHaveLength(1);
    const error = refused.errors[0]!;
    expect(error).toMatchObject({ line: 4, column: 4, columnName: 'AMOUNT' });

    expect(await page.getByTestId('import-current-status').textContent()).toBe('Refused, nothing applied');
    expect(await page.getByTestId('import-message').textContent()).toBe(refused.message);
    const row = page.getByTestId('import-errors').locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('td').allTextContents()).toEqual(['4', '4', 'AMOUNT', error.code, error.message]);
    expect(await page.getByTestId('more-errors').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}-refused.png`, fullPage: true });

    // The history shows it refused, with its one error.
    await expect.poll(() => historyRows().first().locator('td').nth(3).textContent()).toBe('Refused, nothing applied');
    expect(await historyRows().first().locator('td').nth(10).textContent()).toBe('1');

    // Its own page says the same, with the file's SHA-256.
    await historyRows().first().locator('td').nth(0).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/imports/${refused.id}`);
    await expect.poll(() => page.getByTestId('import-status').textContent()).toBe('Refused, nothing applied');
    expect(await page.getByTestId('import-errors').locator('tbody tr td').allTextContents()).toEqual(['4', '4', 'AMOUNT', error.code, error.message]);
    expect(await page.getByTestId('import-sha256').textContent()).toBe(refused.sha256);
    await page.screenshot({ path: `${SHOTS}-refused-detail.png`, fullPage: true });
  });

  it('shows the upload progress, reads with the chosen account and profile, and lists the rows that matched nothing', async () => {
    const extra = 1500;
    const big = { name: jo.name.replace('.csv', '_late.csv'), buffer: withUnknownOperations(jo, extra) };
    await page.goto('/imports');
    await uploadPanel().getByLabel('Account').selectOption('sips-shop');
    await uploadPanel().getByLabel('Profile').selectOption('sips-operations');
    // A slow line, so the upload takes a few seconds and its progress can be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: Math.ceil(big.buffer.length / 3) });
    let sawProgress = false;
    const imported = await uploadAndWait(async () => {
      await choose(big);
      const progress = page.getByTestId('import-upload-progress');
      await progress.waitFor({ timeout: 5000 });
      await expect.poll(async () => ((await progress.count()) ? progress.textContent() : 'done')).toMatch(/Uploading .*_late\.csv[1-9]\d?\u00a0%|done/);
      sawProgress = (await progress.count()) > 0;
      if (sawProgress) await page.screenshot({ path: `${SHOTS}-progress.png`, fullPage: true });
    });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    expect(sawProgress).toBe(true);
    expect(imported.status).toBe('applied');
    expect(imported.profile).toBe('sips-operations');
    expect(imported.accountId).toBe('sips-shop');
    expect(imported.counts.rows).toBe(jo.rows + extra);
    expect(imported.counts.unmatched).toBe(extra);
    expect(await shownCounts()).toEqual(Object.fromEntries(COUNT_KEYS.map((key) => [key, imported.counts[key]])));

    await page.getByTestId('import-current-link').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/imports/${imported.id}`);
    const unmatched = page.getByTestId('unmatched-lines').locator('tbody tr');
    await expect.poll(() => unmatched.count()).toBe(imported.unmatchedLines.length);
    const line = imported.unmatchedLines[0]!;
    const cells = await unmatched.first().locator('td').allTextContents();
    expect(parseFrenchCount(cells[0]!)).toBe(line.line);
    expect(cells[1]).toBe(line.transactionId);
    expect(cells[2]).toBe(line.reference);
    expect(parseFrenchMoney(cells[4]!)).toBe(line.amount);
    expect(await page.getByTestId('import-sha256').textContent()).toBe(imported.sha256);
    await page.screenshot({ path: `${SHOTS}-detail.png` });
    expect(errors).toEqual([]);
  });

  it('follows the server reading a large file: percentage of its bytes and rows read, until applied', async () => {
    const rows = 60_000;
    const large = { name: 'JO_large.csv', buffer: withUnknownOperations(jo, rows) };
    await page.goto('/imports');
    const imported = await uploadAndWait(async () => {
      await choose(large);
      // The upload answers as soon as the file is stored; the page then polls the reading (checking, then applying).
      const processing = page.getByTestId('import-processing');
      await processing.waitFor({ timeout: 20_000 });
      expect(await processing.textContent()).toMatch(
        /^((Stored, waiting to be read|Reading and checking the rows|Checked: [\d\u202f]+ rows, no error\. Reading them again to apply them to orders)\d{1,3}\u00a0%[\d,]+\u00a0(bytes|KB|MB) of [\d,]+\u00a0MB read · [\d\u202f]+ rows?|Checked: [\d\u202f]+ rows, no error\. Writing them to orders, in one transactionThe orders, parts and report lines appear all at once when it is done)$/,
      );
    });
    expect(imported.status).toBe('applied');
    expect(imported.counts.rows).toBe(jo.rows + rows);
    expect(parseFrenchCount((await page.getByTestId('count-rows').textContent())!)).toBe(imported.counts.rows);
  });

  it('shows a viewer the history but no drop zone, saying which role imports', async () => {
    const viewer = await env.open('viewer');
    const total = ImportListSchema.parse(await stack.as('viewer')('/api/imports')).total;
    await viewer.page.goto('/imports');
    await expect.poll(() => viewer.page.locator('table.data-table tbody tr').count()).toBe(total);
    expect(await viewer.page.getByTestId('import-denied').textContent()).toContain('needs the supervisor role');
    expect(await viewer.page.getByTestId('drop-zone').count()).toBe(0);
    expect(await viewer.page.locator('input[type="file"]').count()).toBe(0);
    await viewer.page.screenshot({ path: `${SHOTS}-viewer.png`, fullPage: true });
    expect(viewer.errors).toEqual([]);
    await viewer.close();
  });

  it('shows, in an order’s part history, the report lines that touched it, linked to their import, and operations done outside', async () => {
    const orders = OrderListSchema.parse(await stack.api('/api/orders?psp=sips&limit=500')).items;
    const details = await Promise.all(orders.map(async (o) => OrderDetailSchema.parse(await stack.api(`/api/orders/${o.id}`))));
    const events = (order: OrderDetail) => order.parts.flatMap((p) => p.history);
    const isOutside = (e: PartEvent) => e.operation?.outside === true && e.report !== null;
    // An order the operations report says was cancelled or refunded in the PSP's back office.
    const order = details.find((o) => events(o).some((e) => isOutside(e) && e.operation!.type !== 'capture')) ?? details.find((o) => events(o).some(isOutside));
    if (!order) throw new Error('no Sips order was touched by an outside operation of the operations report');
    const fromReports = events(order).filter((e) => e.report !== null);

    await page.goto(`/orders/${order.id}`);
    await expect.poll(() => page.getByTestId('part-card').count()).toBe(order.parts.length);
    const links = page.getByTestId('event-report-link');
    await expect.poll(() => links.count()).toBe(fromReports.length);
    const shown = await Promise.all((await links.all()).map(async (l) => [await l.textContent(), await l.getAttribute('href')]));
    expect(shown.sort()).toEqual(fromReports.map((e) => [`${e.report!.fileName} line ${e.report!.line}`, `/imports/${e.report!.importId}`]).sort());
    const operations = await page.getByTestId('event-operation').allTextContents();
    const outside = events(order).find(isOutside)!;
    expect(operations.some((text) => text.includes('outside the product'))).toBe(true);
    expect(operations.some((text) => text.startsWith(outside.operation!.type === 'refund' ? 'Refund' : outside.operation!.type === 'cancel' ? 'Cancel' : 'Capture'))).toBe(true);
    await page.screenshot({ path: `${SHOTS}-order-history.png`, fullPage: true });

    await links.first().click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/imports\/\d+$/);
    await expect.poll(() => page.getByTestId('import-status').textContent()).toBe('Applied');
    expect(errors).toEqual([]);
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DailyReportSchema, type DailyReport } from '../../shared/api-reports';
import { defaultNoise, ordersOn } from '../../sandbox/reports';
import { parseFrenchCount, parseFrenchMoney, startBrowserStack, type BrowserStack } from '../support/browser';
import { unzip } from '../support/unzip';

const FROM = '2026-10-20';
const TO = '2026-10-31';
const french = (day: string) => day.split('-').reverse().join('/');

describe('Daily report page', () => {
  let env: BrowserStack;
  let stack: BrowserStack['stack'];
  let page: Page;
  let errors: string[];

  const apiReport = async (query: string): Promise<DailyReport> => DailyReportSchema.parse(await stack.api(`/api/reports/daily?${query}`));
  const table = () => page.getByTestId('daily-report-table');
  /** The cells of the table's total line (its footer), by column. */
  const totalCells = async () => table().locator('tfoot tr').first().locator('td').allTextContents();

  beforeAll(async () => {
    env = await startBrowserStack();
    ({ stack } = env);
    // Sips and Up2pay notifications carry the payment time, so the orders land on the days generated.
    const orders = stack.sandbox.generate(80, { seed: 23, from: new Date('2026-10-20T06:00:00Z'), to: new Date('2026-10-31T20:00:00Z'), accountIds: ['sips-shop', 'up2pay-shop'] });
    const delivered = await stack.sandbox.deliver(stack.server.url, orders, { shuffle: true, seed: 2 });
    expect(delivered.byStatus).toEqual({ 200: delivered.sent });
    // The PSPs' reports of three days: captures (what settlement counts) and a refund done in a back office.
    for (const day of ['2026-10-21', '2026-10-22', '2026-10-26']) {
      const noise = defaultNoise(ordersOn(orders, day), 3).filter((n) => n.type === 'outside_operation' && n.operation === 'refund');
      for (const file of stack.sandbox.reports(day, { noise })) {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(file.content)]), file.name);
        const response = await fetch(`${stack.server.url}/api/imports?wait=true`, { method: 'POST', body: form, headers: { authorization: `Bearer ${stack.people.tokens.supervisor}` } });
        expect(response.status, await response.clone().text()).toBe(200);
      }
    }
    ({ page, errors } = await env.open('viewer'));
  });
  afterAll(() => env?.close());

  it('shows the range totals, each day total and the chart, in French formats', async () => {
    const report = await apiReport(`from=${FROM}&to=${TO}`);
    const total = report.totals[0]!;
    await page.goto(`/reports/daily?from=${FROM}&to=${TO}`);
    await expect.poll(async () => (await totalCells())[0]).toBe('Total');
    const cells = await totalCells();
    expect(total.refunds).toBeGreaterThan(0);
    expect({
      orders: parseFrenchCount(cells[3]!),
      parts: parseFrenchCount(cells[4]!),
      gross: parseFrenchMoney(cells[5]!),
      voucher: parseFrenchMoney(cells[6]!),
      card: parseFrenchMoney(cells[7]!),
      refunds: parseFrenchMoney(cells[8]!),
      net: parseFrenchMoney(cells[9]!),
      failed: parseFrenchCount(cells[11]!),
    }).toEqual({ orders: total.orders, parts: total.parts, gross: total.gross, voucher: total.voucher, card: total.card, refunds: total.refunds, net: total.net, failed: total.failedCount });

    // One subtotal line per day with orders, the latest day first, its gross the API's; the day written in French on its first line.
    const days = report.days.filter((d) => d.totals.length > 0).reverse();
    const subtotals = table().locator('tbody tr.is-subtotal');
    await expect.poll(() => subtotals.count()).toBe(days.length);
    expect((await subtotals.locator('td:nth-child(6)').allTextContents()).map(parseFrenchMoney)).toEqual(days.map((d) => d.totals[0]!.gross));
    expect(await table().locator('tbody tr.is-group-start td:first-child').allTextContents()).toEqual(days.map((d) => french(d.day)));
    expect(await table().locator('tbody tr:not(.is-subtotal)').count()).toBe(days.reduce((n, d) => n + d.rows.length, 0));

    // The chart: one voucher and one card bar per day (recharts draws a bar only where it is not zero).
    const chart = page.getByTestId('split-chart');
    await expect.poll(() => chart.locator('.split-chart-voucher .recharts-rectangle').count()).toBe(report.days.filter((d) => (d.totals[0]?.voucher ?? 0) > 0).length);
    expect(await chart.locator('.split-chart-card .recharts-rectangle').count()).toBe(report.days.filter((d) => (d.totals[0]?.card ?? 0) > 0).length);
    const ticks = await chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
    expect(ticks[0]).toBe(french(FROM).slice(0, 5));
    expect(ticks.every((t) => /^\d{2}\/\d{2}$/.test(t))).toBe(true);
    await page.screenshot({ path: '/tmp/daily-report.png', fullPage: true });
    await page.screenshot({ path: '/tmp/daily-top.png' });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({ path: '/tmp/daily-bottom.png', fullPage: true, clip: { x: 0, y: Math.max(0, height - 900), width: 1440, height: 900 } });
    await chart.screenshot({ path: '/tmp/daily-chart.png' });
    expect(errors).toEqual([]);
  });

  it('settles per voucher issuer and card contract', async () => {
    const report = await apiReport(`from=${FROM}&to=${TO}`);
    await page.goto(`/reports/daily?from=${FROM}&to=${TO}`);
    const vouchers = page.getByTestId('settlement-voucher');
    await expect.poll(() => vouchers.locator('tbody tr').count()).toBe(report.settlement.vouchers.length);
    const expected = report.settlement.vouchers.reduce((sum, v) => sum + v.expected, 0);
    expect(expected).toBeGreaterThan(0);
    expect(parseFrenchMoney((await vouchers.locator('tfoot td').last().textContent())!)).toBe(expected);
    expect(await page.getByTestId('settlement-card').locator('tbody tr').count()).toBe(report.settlement.cards.length);
    await page.getByRole('heading', { name: /Settlement/ }).locator('xpath=..').screenshot({ path: '/tmp/daily-settlement.png' });
  });

  it('keeps the range and the filters in the URL, and narrows to one PSP', async () => {
    await page.goto(`/reports/daily?from=${FROM}&to=${TO}`);
    await expect.poll(async () => (await totalCells())[0]).toBe('Total');
    await page.getByLabel('PSP').selectOption('up2pay');
    await expect.poll(() => new URL(page.url()).searchParams.get('psp')).toBe('up2pay');
    const up2pay = (await apiReport(`from=${FROM}&to=${TO}&psp=up2pay`)).totals[0]!;
    await expect.poll(async () => parseFrenchMoney((await totalCells())[5]!)).toBe(up2pay.gross);
    // The account is written on the first line of each day.
    expect(new Set((await table().locator('tbody tr:not(.is-subtotal) td:nth-child(2)').allTextContents()).filter(Boolean))).toEqual(new Set(['up2pay-shop']));

    await page.getByLabel('From', { exact: true }).fill('2026-10-25');
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('2026-10-25');
    const later = (await apiReport(`from=2026-10-25&to=${TO}&psp=up2pay`)).totals[0]!;
    await expect.poll(async () => parseFrenchMoney((await totalCells())[5]!)).toBe(later.gross);
    await page.reload();
    await expect.poll(async () => parseFrenchMoney((await totalCells())[5]!)).toBe(later.gross);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('2026-10-25');
  });

  it('shows the day totals alone on demand, kept in the URL', async () => {
    const report = await apiReport(`from=${FROM}&to=${TO}`);
    await page.goto(`/reports/daily?from=${FROM}&to=${TO}`);
    await page.getByLabel('Day totals only').check();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('days');
    const days = report.days.filter((d) => d.totals.length > 0).reverse();
    await expect.poll(() => table().locator('tbody td:first-child').allTextContents()).toEqual(days.map((d) => french(d.day)));
    expect(await table().locator('tbody tr').count()).toBe(days.length);
    // Without the account and brand columns, gross is the fourth.
    expect((await table().locator('tbody td:nth-child(4)').allTextContents()).map(parseFrenchMoney)).toEqual(days.map((d) => d.totals[0]!.gross));
    await page.screenshot({ path: '/tmp/daily-days-only.png' });
  });

  it('offers the CSV of the range on screen, French for Excel and English', async () => {
    await page.goto(`/reports/daily?from=${FROM}&to=${TO}`);
    const fr = page.getByTestId('export-fr');
    await expect.poll(() => fr.getAttribute('href')).toBe(`/api/reports/daily.csv?from=${FROM}&to=${TO}&format=fr`);
    expect(await page.getByTestId('export-en').getAttribute('href')).toBe(`/api/reports/daily.csv?from=${FROM}&to=${TO}&format=en`);
    const [download] = await Promise.all([page.waitForEvent('download'), fr.click()]);
    expect(download.suggestedFilename()).toBe(`rapport-quotidien_${FROM}_${TO}.csv`);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(path!, 'utf8');
    expect(text.startsWith('\uFEFFJour;Compte;PSP;')).toBe(true);
    expect(text).toContain(`${french('2026-10-20')};`);
  });

  it('offers the range on screen as an Excel workbook', async () => {
    await page.goto(`/reports/daily?from=${FROM}&to=${TO}`);
    const xlsx = page.getByTestId('export-xlsx');
    await expect.poll(() => xlsx.getAttribute('href')).toBe(`/api/reports/daily.xlsx?from=${FROM}&to=${TO}&format=fr`);
    const [download] = await Promise.all([page.waitForEvent('download'), xlsx.click()]);
    expect(download.suggestedFilename()).toBe(`rapport-quotidien_${FROM}_${TO}.xlsx`);
    const { readFileSync } = await import('node:fs');
    const sheet = unzip(readFileSync((await download.path())!)).get('xl/worksheets/sheet1.xml')!.toString('utf8');
    expect(sheet).toContain('<t>Jour</t>');
  });

  it('defaults to the last 30 days when the URL names no range', async () => {
    await page.goto('/reports/daily');
    const report = await apiReport('');
    await expect.poll(() => page.getByLabel('To', { exact: true }).inputValue()).toBe(report.to);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(report.from);
    await page.getByRole('link', { name: 'Daily report' }).waitFor();
    expect(await page.getByRole('link', { name: 'Daily report' }).getAttribute('aria-current')).toBe('page');
    expect(errors).toEqual([]);
  });

  it('is in the menu of every role', async () => {
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      const tab = await env.open(role);
      await tab.page.goto(`/reports/daily?from=${FROM}&to=${TO}`);
      await expect.poll(async () => (await tab.page.getByTestId('daily-report-table').locator('tfoot td').first().textContent()) ?? '').toBe('Total');
      expect(await tab.page.getByRole('link', { name: 'Daily report' }).getAttribute('aria-current')).toBe('page');
      if (role === 'admin') await tab.page.screenshot({ path: '/tmp/daily-admin.png', clip: { x: 0, y: 0, width: 1440, height: 300 } });
      expect(tab.errors).toEqual([]);
    }
  });
});

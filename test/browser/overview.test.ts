import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderDetailSchema, OrderListSchema, type OrderDetail } from '../../shared/api';
import { DailyReportSchema, PENDING_STATUSES } from '../../shared/api-reports';
import { DiscrepancyListSchema } from '../../shared/discrepancies';
import { ACCEPTED_STATUSES } from '../../shared/psp';
import { addDays, parisDay, parisDayStart } from '../../shared/time';
import { finalPhase } from '../../sandbox/notify';
import type { SandboxOrder } from '../../sandbox/orders';
import { parseFrenchCount, parseFrenchMoney, startBrowserStack, type BrowserStack } from '../support/browser';
import { TEST_PASSWORD } from '../support/stack';

/**
 * The browser's clock is fixed at 10:00 in Paris on the Monday after the clocks went back, so
 * "yesterday" is a 25-hour Paris day that starts at 22:00 UTC the day before. The server keeps the
 * real time (its session cookies must not be expired for the browser), which is weeks later: every
 * payment still pending is past its PSP's deadline.
 */
const NOW = new Date('2026-10-26T09:00:00Z');
const TODAY = '2026-10-26';
const YESTERDAY = '2026-10-25';
const FROM = addDays(TODAY, -29);
/** Axepta's notifications carry no time, so the server dates its orders when they arrive (the real today): left out. */
const ACCOUNTS = ['sips-shop', 'up2pay-shop', 'payline-shop'];
const SHOTS = '/tmp/overview';

interface Expected {
  orders: number;
  gross: number;
  voucher: number;
  card: number;
  pendingCount: number;
}

const emptyFigures = (): Expected => ({ orders: 0, gross: 0, voucher: 0, card: 0, pendingCount: 0 });

describe('Overview page', () => {
  let stack: BrowserStack['stack'];
  let env: BrowserStack;
  let page: Page;
  let errors: string[];
  let generated: SandboxOrder[];
  /** Every order of the 30 days, in full, from the orders API (not the report). */
  let details: OrderDetail[];

  /** The figures of a Paris day summed over the orders themselves, part by part. */
  const expectedDay = (day: string): Expected => {
    const figures = emptyFigures();
    for (const order of details.filter((o) => parisDay(o.createdAt) === day)) {
      figures.orders++;
      for (const part of order.parts) {
        if (ACCEPTED_STATUSES.includes(part.status)) {
          figures.gross += part.amount;
          figures[part.kind] += part.amount;
        }
        if (PENDING_STATUSES.includes(part.status)) figures.pendingCount++;
      }
    }
    return figures;
  };

  const dayFigures = async (testId: string) => {
    const card = page.getByTestId(testId);
    const text = async (id: string) => (await card.getByTestId(id).textContent()) ?? '';
    return {
      day: await card.getAttribute('data-day'),
      orders: parseFrenchCount(await text('day-orders')),
      gross: parseFrenchMoney(await text('day-gross')),
      voucher: parseFrenchMoney(await text('day-voucher')),
      card: parseFrenchMoney(await text('day-card')),
      pendingCount: parseFrenchCount(await text('day-pending')),
    };
  };

  const apiTotal = async (path: string) => ((await stack.api<{ total: number }>(path)).total);

  beforeAll(async () => {
    env = await startBrowserStack();
    ({ stack } = env);
    // A month of orders, and more around yesterday and today, some of them on either side of midnight
    // in Paris (which is not midnight UTC).
    const month = stack.sandbox.generate(70, { seed: 31, from: new Date(NOW.getTime() - 30 * 86_400_000), to: NOW, accountIds: ACCOUNTS });
    const recent = stack.sandbox.generate(40, { seed: 32, from: new Date(parisDayStart(YESTERDAY).getTime() - 3 * 3_600_000), to: NOW, accountIds: ACCOUNTS });
    // A few of today's Sips and Up2pay payments never get their final answer: still pending.
    for (const order of recent.filter((o) => o.psp !== 'payline' && parisDay(o.createdAt) === TODAY).slice(0, 3)) {
      for (const part of order.parts) part.outcome = 'pending';
    }
    generated = [...month, ...recent];
    await stack.sandbox.deliver(stack.server.url, generated, { duplicates: 0.1, shuffle: true });
    // One full reconciliation pass now rather than waiting for the background rounds.
    await stack.as('supervisor')('/api/discrepancies/reconcile', { method: 'POST' });

    const list = OrderListSchema.parse(await stack.api(`/api/orders?from=${FROM}&to=${TODAY}&limit=500`));
    details = await Promise.all(list.items.map(async (o) => OrderDetailSchema.parse(await stack.api(`/api/orders/${o.id}`))));

    ({ page, errors } = await env.open('viewer'));
    page.setDefaultTimeout(10_000);
    await page.clock.setFixedTime(NOW);
  });

  afterAll(() => env?.close());

  it('is the home page, first in the menu', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await page.title()).toBe('Overview · Split Recon');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect((await nav.getByRole('link').allTextContents())[0]).toBe('Overview');
    expect(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');
    expect(await nav.getByRole('link', { name: 'Orders' }).getAttribute('aria-current')).toBeNull();
    expect(await page.locator('.page-subtitle').textContent()).toContain('lundi 26 octobre 2026');
  });

  it('shows today and yesterday (Paris days) as the orders themselves add up', async () => {
    await page.goto('/');
    await page.getByTestId('day-today').waitFor();
    // Every delivered order is where the sandbox dated it, by Paris day; except a Payline payment
    // still pending, whose notification carries no date: the server dates it when it arrives.
    const dated = generated.filter((o) => !(o.psp === 'payline' && o.parts.every((p) => finalPhase(p.outcome) === 'pending')));
    for (const day of [TODAY, YESTERDAY]) {
      expect(details.filter((o) => parisDay(o.createdAt) === day).length).toBe(dated.filter((o) => parisDay(o.createdAt) === day).length);
    }
    const today = expectedDay(TODAY);
    const yesterday = expectedDay(YESTERDAY);
    // The scenario has something to show on both days, split both ways, with payments still pending.
    expect(today.orders).toBeGreaterThan(3);
    expect(yesterday.orders).toBeGreaterThan(10);
    expect(yesterday.voucher).toBeGreaterThan(0);
    expect(yesterday.card).toBeGreaterThan(0);
    expect(today.pendingCount).toBeGreaterThanOrEqual(3);

    await expect.poll(() => dayFigures('day-today'), { timeout: 10_000 }).toEqual({ day: TODAY, ...today });
    expect(await dayFigures('day-yesterday')).toEqual({ day: YESTERDAY, ...yesterday });

    // The accepted amounts also match what the sandbox played: the parts whose last answer was an acceptance.
    const sandboxGross = (day: string) =>
      generated
        .filter((o) => parisDay(o.createdAt) === day)
        .flatMap((o) => o.parts)
        .filter((p) => finalPhase(p.outcome) === 'accepted')
        .reduce((sum, p) => sum + p.amount, 0);
    expect(sandboxGross(TODAY)).toBe(today.gross);
    expect(sandboxGross(YESTERDAY)).toBe(yesterday.gross);

    expect(await page.getByTestId('day-yesterday').textContent()).toContain('dimanche 25 octobre 2026');
    await page.getByTestId('day-yesterday').getByRole('link', { name: /See the \d+ orders of this day/ }).click();
    await expect.poll(() => new URL(page.url()).search).toBe(`?from=${YESTERDAY}&to=${YESTERDAY}`);
    await expect.poll(async () => Number((await page.getByTestId('total-count').textContent())?.replace(/\D/g, ''))).toBe(yesterday.orders);
    expect(errors).toEqual([]);
  });

  it('charts 30 days of voucher and card as stacked bars in the split colours, and the share of each brand', async () => {
    await page.goto('/');
    const chart = page.getByTestId('split-chart');
    const report = DailyReportSchema.parse(await stack.as('viewer')(`/api/reports/daily?from=${FROM}&to=${TODAY}`));
    expect(report.days).toHaveLength(30);
    const daysWith = (kind: 'voucher' | 'card') => report.days.filter((d) => (d.totals.find((t) => t.currency === 'EUR')?.[kind] ?? 0) > 0).length;
    // One bar segment per day with an amount of that kind (recharts draws no zero-height bar).
    await expect.poll(() => chart.locator('.split-chart-voucher .recharts-rectangle').count(), { timeout: 10_000 }).toBe(daysWith('voucher'));
    expect(await chart.locator('.split-chart-card .recharts-rectangle').count()).toBe(daysWith('card'));
    expect(daysWith('voucher')).toBeGreaterThan(10);
    // The report's days add up to the orders themselves.
    for (const d of report.days) {
      const expected = expectedDay(d.day);
      const eur = d.totals.find((t) => t.currency === 'EUR');
      expect({ day: d.day, voucher: eur?.voucher ?? 0, card: eur?.card ?? 0 }).toEqual({ day: d.day, voucher: expected.voucher, card: expected.card });
    }

    // The same colours as the split bars of the orders list.
    const fills = await page.evaluate(() => {
      const fill = (selector: string) => {
        const element = document.querySelector(selector);
        return element ? getComputedStyle(element).fill : null;
      };
      return {
        chartVoucher: fill('.split-chart-voucher .recharts-rectangle'),
        chartCard: fill('.split-chart-card .recharts-rectangle'),
        barVoucher: fill('.split-bar .split-voucher'),
        barCard: fill('.split-bar .split-card'),
      };
    });
    expect(fills.chartVoucher).toBe('rgb(13, 148, 136)');
    expect(fills.chartCard).toBe('rgb(124, 58, 237)');
    expect(fills.barVoucher).toBe(fills.chartVoucher);
    expect(fills.barCard).toBe(fills.chartCard);
    // X ticks are French day/month.
    const ticks = await chart.locator('.recharts-xAxis-tick-labels text').allTextContents();
    expect(ticks.length).toBeGreaterThan(5);
    for (const tick of ticks) expect(tick).toMatch(/^\d{2}\/\d{2}$/);
    expect(ticks.at(-1)).toBe('26/10');

    // Brand shares over the 30 days: each brand's accepted amount, adding up to the month's.
    const byBrand = new Map<string, number>();
    for (const order of details) for (const part of order.parts) if (ACCEPTED_STATUSES.includes(part.status)) byBrand.set(part.brand, (byBrand.get(part.brand) ?? 0) + part.amount);
    const shares = page.getByTestId('brand-share');
    await expect.poll(() => shares.count(), { timeout: 10_000 }).toBe(byBrand.size);
    const shown = new Map<string, number>();
    for (const share of await shares.all()) shown.set((await share.getAttribute('data-brand'))!, parseFrenchMoney((await share.getByTestId('brand-share-amount').textContent())!));
    expect(shown).toEqual(byBrand);
    const amounts = [...shown.values()];
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));

    await page.screenshot({ path: `${SHOTS}-full.png`, fullPage: true });

    // Hovering a day shows its amounts in French.
    const yesterdayIndex = report.days.findIndex((d) => d.day === YESTERDAY);
    const box = (await chart.locator('.recharts-cartesian-grid').boundingBox())!;
    await page.mouse.move(box.x + (box.width * (yesterdayIndex + 0.5)) / report.days.length, box.y + box.height / 2);
    const tooltip = page.locator('.chart-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toContain('dimanche 25 octobre 2026');
    const expected = expectedDay(YESTERDAY);
    expect(parseFrenchMoney((await tooltip.locator('.chart-tooltip-total').textContent())!.replace('Total ', ''))).toBe(expected.gross);
    await chart.screenshot({ path: `${SHOTS}-chart-tooltip.png` });
    expect(errors).toEqual([]);
  });

  it('counts pending orders and open discrepancies as the APIs do, each a link to its list', async () => {
    const pending = await apiTotal('/api/orders?status=pending&limit=1');
    const partial = await apiTotal('/api/orders?status=partially_pending&limit=1');
    const open = await apiTotal('/api/discrepancies?limit=1');
    expect(pending + partial).toBeGreaterThan(0);
    expect(open).toBeGreaterThan(0);

    await page.goto('/');
    await expect.poll(async () => parseFrenchCount((await page.getByTestId('pending-count').textContent()) ?? ''), { timeout: 10_000 }).toBe(pending);
    expect(parseFrenchCount((await page.getByTestId('partially-pending-count').textContent())!)).toBe(partial);
    expect(parseFrenchCount((await page.getByTestId('discrepancy-count').textContent())!)).toBe(open);

    await page.getByTestId('pending-orders').click();
    await expect.poll(() => new URL(page.url()).search).toBe('?status=pending');
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    await expect.poll(async () => Number((await page.getByTestId('total-count').textContent())?.replace(/\D/g, ''))).toBe(pending);

    await page.goBack();
    await page.getByTestId('open-discrepancies').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/reconciliation');
    await page.getByRole('heading', { name: 'Reconciliation', level: 1 }).waitFor();
    expect(errors).toEqual([]);
  });

  it('counts refunds awaiting approval, a link to them on the Refunds page', async () => {
    // An agent whose limit is 1 €: any larger refund waits for a supervisor.
    const system = { type: 'system' as const, id: null, label: 'test setup', address: null };
    const created = await stack.server.auth.createUser({ email: 'careful@test.example', name: 'Careful agent', role: 'agent', password: TEST_PASSWORD, refundLimit: 100 }, system);
    expect(created.ok).toBe(true);
    const part = details.flatMap((o) => o.parts).find((p) => p.operations.some((a) => a.type === 'refund' && a.allowed && a.maxAmount! >= 200))!;
    const agent = await stack.signIn('careful@test.example');
    const asked = await agent<{ operation: { state: string } }>(`/api/parts/${part.id}/operations`, { body: { type: 'refund', amount: 200, reason: 'overview check', idempotencyKey: crypto.randomUUID() } });
    expect(asked.body.operation.state).toBe('awaiting_approval');

    await page.goto('/');
    await expect.poll(async () => parseFrenchCount((await page.getByTestId('awaiting-approval-count').textContent()) ?? ''), { timeout: 10_000 }).toBe(1);
    expect(parseFrenchCount((await page.getByTestId('unknown-operations-count').textContent())!)).toBe(0);
    await page.getByTestId('awaiting-approval').click();
    await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe('/refunds?state=awaiting_approval');
    await page.getByRole('heading', { name: 'Refunds', level: 1 }).waitFor();
    expect(errors).toEqual([]);
  });

  it('lists the payments pending too long, each linked to its order', async () => {
    const stale = DiscrepancyListSchema.parse(await stack.api('/api/discrepancies?type=stale_pending&limit=20'));
    expect(stale.total).toBeGreaterThan(0);

    await page.goto('/');
    const panel = page.getByRole('region', { name: /Pending too long/ });
    const rows = panel.locator('table.data-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(stale.items.length);
    expect(parseFrenchCount((await panel.getByTestId('stale-count').textContent())!)).toBe(stale.total);
    const first = stale.items[0]!;
    const firstRow = rows.first();
    expect(await firstRow.textContent()).toContain(first.reason);
    expect(parseFrenchMoney((await firstRow.locator('td').last().textContent())!)).toBe(first.amount);
    await page.screenshot({ path: `${SHOTS}-stale.png`, fullPage: true });

    await firstRow.getByTestId('stale-order-link').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/orders/${first.orderId}`);
    expect(await page.getByTestId('order-reference').textContent()).toBe(first.orderReference);

    await page.goBack();
    await panel.getByTestId('stale-all').click();
    await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe('/reconciliation?type=stale_pending');
    expect(errors).toEqual([]);
  });

  it('shows an empty day as zeros, not as an error', async () => {
    // A week later nothing was ordered: today and yesterday are empty, the chart keeps its axis.
    await page.clock.setFixedTime(new Date('2026-11-05T11:00:00Z'));
    await page.goto('/');
    await expect.poll(() => dayFigures('day-today'), { timeout: 10_000 }).toEqual({ day: '2026-11-05', orders: 0, gross: 0, voucher: 0, card: 0, pendingCount: 0 });
    expect(await page.getByTestId('day-today').textContent()).toContain('No orders this day');
    // The chart still runs to today, its last days empty.
    await expect.poll(async () => (await page.locator('.split-chart .recharts-xAxis-tick-labels text').allTextContents()).at(-1), { timeout: 10_000 }).toBe('05/11');
    await page.screenshot({ path: `${SHOTS}-empty-days.png`, fullPage: true });
    await page.clock.setFixedTime(NOW);
    expect(errors).toEqual([]);
  });
});

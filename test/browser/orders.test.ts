import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderListSchema, type OrderList } from '../../shared/api';
import { ORDER_STATUS_LABELS, type OrderStatus } from '../../shared/psp';
import { parseFrenchMoney, startBrowserStack, type BrowserStack } from '../support/browser';

const ORDER_COUNT = 40;

describe('Orders page', () => {
  let stack: BrowserStack['stack'];
  let env: BrowserStack;
  let page: Page;
  let errors: string[];

  const apiOrders = async (query: string): Promise<OrderList> =>
    OrderListSchema.parse(await stack.api(`/api/orders?${query}`));
  const rows = () => page.locator('table.data-table tbody tr');
  const totalCount = async () => Number((await page.getByTestId('total-count').textContent())!.replace(/\D/g, ''));
  const columnAmounts = async (index: number) =>
    (await page.locator(`table.data-table tbody tr td:nth-child(${index})`).allTextContents()).map(parseFrenchMoney);

  beforeAll(async () => {
    env = await startBrowserStack();
    ({ stack } = env);
    const orders = stack.sandbox.generate(ORDER_COUNT, { seed: 11 });
    await stack.sandbox.deliver(stack.server.url, orders, { duplicates: 0.1, shuffle: true });
    // Browsing needs the least role: a finance viewer.
    ({ page, errors } = await env.open('viewer'));
  });

  afterAll(() => env?.close());

  it('lists every delivered order, its count matching the API total', async () => {
    const api = await apiOrders('limit=1');
    expect(api.total).toBe(ORDER_COUNT);
    await page.goto('/orders');
    await expect.poll(totalCount).toBe(api.total);
    await expect.poll(() => rows().count()).toBe(ORDER_COUNT);
    // Each row shows its split: voucher and card amounts in French format and a two-colour bar.
    const first = rows().first();
    await expect.poll(() => first.locator('svg.split-bar').count()).toBe(1);
    expect(parseFrenchMoney((await first.locator('.amount-voucher').textContent())!)).toBeGreaterThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  it('filters by status through the URL and shows only matching rows', async () => {
    const all = await apiOrders('limit=500');
    const counts = new Map<OrderStatus, number>();
    for (const o of all.items) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
    const [status, count] = [...counts.entries()].find(([s]) => s !== 'paid') ?? [...counts.entries()][0]!;

    await page.goto('/orders');
    await page.getByLabel('Status').selectOption(status);
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe(status);
    await expect.poll(totalCount).toBe(count);
    await expect.poll(() => rows().count()).toBe(count);
    const badges = await page.locator('table.data-table tbody tr td:nth-child(9)').allTextContents();
    expect(new Set(badges)).toEqual(new Set([ORDER_STATUS_LABELS[status]]));

    // The filter is in the URL: a reload keeps it, and Back returns to the unfiltered list.
    await page.reload();
    await expect.poll(totalCount).toBe(count);
    await expect(page.getByLabel('Status').inputValue()).resolves.toBe(status);
    await page.goBack();
    await expect.poll(totalCount).toBe(ORDER_COUNT);
  });

  it('sorts by amount on the server when the header is clicked', async () => {
    await page.goto('/orders');
    await expect.poll(() => rows().count()).toBe(ORDER_COUNT);
    const totalHeader = page.getByRole('button', { name: /^Total/ });

    await totalHeader.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('amount');
    expect(new URL(page.url()).searchParams.get('dir')).toBe('desc');
    const expectedDesc = (await apiOrders('sort=amount&dir=desc&limit=50')).items.map((o) => o.amount);
    await expect.poll(() => columnAmounts(8)).toEqual(expectedDesc);
    expect(expectedDesc).toEqual([...expectedDesc].sort((a, b) => b - a));

    await totalHeader.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('dir')).toBe('asc');
    const ascending = [...expectedDesc].sort((a, b) => a - b);
    await expect.poll(() => columnAmounts(8)).toEqual(ascending);
    await expect(page.locator('th[aria-sort="ascending"]').textContent()).resolves.toContain('Total');
  });

  it('pages with a chosen page size, the page kept in the URL', async () => {
    await page.goto('/orders?sort=reference&dir=asc');
    await page.getByLabel('Rows per page').selectOption('25');
    await expect.poll(() => new URL(page.url()).searchParams.get('limit')).toBe('25');
    await expect.poll(() => rows().count()).toBe(25);
    await expect(page.getByRole('button', { name: 'Previous' }).isDisabled()).resolves.toBe(true);

    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBe('2');
    await expect.poll(() => rows().count()).toBe(ORDER_COUNT - 25);
    const expected = (await apiOrders('sort=reference&dir=asc&limit=25&offset=25')).items.map((o) => o.reference);
    await expect.poll(() => page.locator('table.data-table tbody tr td:nth-child(2) a').allTextContents()).toEqual(expected);
    await expect(page.getByRole('button', { name: 'Next' }).isDisabled()).resolves.toBe(true);

    await page.reload();
    await expect.poll(() => rows().count()).toBe(ORDER_COUNT - 25);
    await expect.poll(() => page.locator('.pager-range').textContent()).toBe('26–40 of 40 orders');
  });

  it('finds an order by search and opens it on a row click', async () => {
    const target = (await apiOrders('limit=500')).items.find((o) => o.voucherAmount > 0 && o.cardAmount > 0)!;
    await page.goto('/orders');
    await page.getByRole('searchbox').fill(target.reference!);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(target.reference);
    await expect.poll(() => rows().count()).toBe(1);
    await rows().first().locator('td').nth(5).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/orders/${target.id}`);
    await expect(page.getByTestId('order-reference').textContent()).resolves.toBe(target.reference);
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxDetailSchema, OrderDetailSchema, OrderListSchema, type OrderDetail } from '../../shared/api';
import { parseFrenchMoney, startBrowserStack, type BrowserStack } from '../support/browser';

describe('Order detail page', () => {
  let stack: BrowserStack['stack'];
  let env: BrowserStack;
  let page: Page;
  let errors: string[];
  /** An order paid partly by voucher and partly by card, both parts accepted. */
  let split: OrderDetail;


  beforeAll(async () => {
    env = await startBrowserStack();
    ({ stack } = env);
    const orders = stack.sandbox.generate(30, { seed: 5 });
    await stack.sandbox.deliver(stack.server.url, orders, { duplicates: 0.1, shuffle: true });
    const list = OrderListSchema.parse(await stack.api('/api/orders?status=paid&limit=500'));
    const candidate = list.items.find((o) => o.partCount === 2 && o.voucherAmount > 0 && o.cardAmount > 0);
    if (!candidate) throw new Error('the sandbox scenario has no paid split order');
    split = OrderDetailSchema.parse(await stack.api(`/api/orders/${candidate.id}`));
    ({ page, errors } = await env.open('agent'));
  });

  afterAll(() => env?.close());

  it('opens a split order from the list and shows two part cards whose amounts add up', async () => {
    await page.goto(`/orders?q=${encodeURIComponent(split.reference!)}`);
    await page.locator('table.data-table tbody tr').first().locator('svg.split-bar').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/orders/${split.id}`);

    const cards = page.getByTestId('part-card');
    await expect.poll(() => cards.count()).toBe(2);
    const brands = await page.getByTestId('part-brand').allTextContents();
    expect(brands.sort()).toEqual(split.parts.map((p) => p.brandLabel).sort());
    const amounts = (await page.getByTestId('part-amount').allTextContents()).map(parseFrenchMoney);
    expect(amounts.sort((a, b) => a - b)).toEqual(split.parts.map((p) => p.amount).sort((a, b) => a - b));
    const total = parseFrenchMoney((await page.getByTestId('order-total').textContent())!);
    expect(total).toBe(split.amount);
    expect(amounts[0]! + amounts[1]!).toBe(total);

    // The split bar and its legend show the same voucher / card amounts.
    const legend = (await page.getByTestId('split-summary').textContent())!;
    expect(legend).toContain(formatted(split.voucherAmount));
    expect(legend).toContain(formatted(split.cardAmount));
    expect(errors).toEqual([]);
  });

  it('shows each operation the rule table refuses with its reason, and allowed ones with their ceiling', async () => {
    await page.goto(`/orders/${split.id}`);
    await expect.poll(() => page.getByTestId('part-card').count()).toBe(2);
    for (const [index, part] of split.parts.entries()) {
      const card = page.getByTestId('part-card').nth(index);
      expect(await card.getByTestId('part-brand').textContent()).toBe(part.brandLabel);
      for (const op of part.operations) {
        const item = card.getByTestId(`operation-${op.type}`);
        const text = (await item.textContent())!;
        expect(text).toContain(op.reason);
        // Signed in as an agent: what the rules allow can be asked for, the rest says why not.
        expect(await item.getByRole('button').isDisabled()).toBe(!op.allowed);
        if (op.allowed) expect(text).toContain(`Allowed up to ${formatted(op.maxAmount!)}`);
        else expect(text).toContain('Not allowed');
      }
    }
    expect(split.parts.some((p) => p.operations.some((op) => !op.allowed))).toBe(true);
  });

  it('opens the raw body of a notification of the order', async () => {
    const notification = split.notifications[0]!;
    const raw = InboxDetailSchema.parse(await stack.api(`/api/inbox/${notification.id}`));
    await page.goto(`/orders/${split.id}`);
    await page.getByRole('link', { name: 'View body' }).first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('notification')).toBe(String(notification.id));
    await expect.poll(() => page.getByTestId('raw-request').count()).toBe(1);
    const shown = raw.bodyText ? await page.getByTestId('raw-body').textContent() : await page.getByTestId('raw-request').textContent();
    expect(shown).toContain(raw.bodyText || raw.query);
    expect(await page.getByTestId('raw-request').textContent()).toContain(`${raw.method} ${raw.path}`);

    // A history event links to the notification that carried it.
    const event = split.parts.flatMap((p) => p.history).find((e) => e.inboxId !== null)!;
    await page.getByRole('link', { name: `#${event.inboxId}`, exact: true }).first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('notification')).toBe(String(event.inboxId));
    await expect.poll(() => page.getByRole('heading', { name: `Notification #${event.inboxId}` }).count()).toBe(1);
  });

  it('shows the API error for an order that does not exist', async () => {
    await page.goto('/orders/999999');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('order 999999 does not exist');
  });
});

/** The French format the page uses (thin no-break space thousands, no-break space before €). */
function formatted(cents: number): string {
  const euros = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(Math.floor(cents / 100));
  return `${euros},${String(cents % 100).padStart(2, '0')}\u00a0€`;
}

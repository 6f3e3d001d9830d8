import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderDetailSchema, OrderListSchema, type OrderDetail, type OrderSummary } from '../../shared/api';
import { OperationListSchema } from '../../shared/api-operations';
import { parseFrenchMoney, startBrowserStack, type BrowserStack } from '../support/browser';

const DAY_MS = 86_400_000;
const REASON = 'Customer returned one item';

/** The French format the page uses (thin no-break space thousands, no-break space before €). */
function formatted(cents: number): string {
  const euros = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(Math.floor(cents / 100));
  return `${euros},${String(cents % 100).padStart(2, '0')}\u00a0€`;
}

/** Cents as typed in an amount field: `12,50`. */
const typed = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

describe('Refunds: per-part operations, the approval of large refunds, the Refunds page', () => {
  let stack: BrowserStack['stack'];
  let env: BrowserStack;
  let agent: { page: Page; errors: string[] };
  /** Sips voucher + card orders whose capture date has passed, so their card part can be refunded. */
  let small: OrderDetail;
  let large: OrderDetail;
  let agentLimit: number;

  const order = async (id: number) => OrderDetailSchema.parse(await stack.api(`/api/orders/${id}`));
  const cardOf = (o: OrderDetail) => o.parts.find((p) => p.kind === 'card')!;
  const partCard = (page: Page, kind: 'voucher' | 'card') => page.locator(`[data-testid="part-card"].part-kind-${kind}`);
  const refundButton = (card: Locator) => card.getByTestId('operation-refund').getByRole('button', { name: 'Refund', exact: true });

  beforeAll(async () => {
    env = await startBrowserStack();
    ({ stack } = env);
    agentLimit = stack.people.users.agent.refundLimit!;
    // Paid three to twelve days ago: Sips has captured them (capture date passed) and J+1 is behind.
    const now = Date.now();
    const orders = stack.sandbox.generate(60, { seed: 11, accountIds: ['sips-shop'], from: new Date(now - 12 * DAY_MS), to: new Date(now - 3 * DAY_MS) });
    await stack.sandbox.deliver(stack.server.url, orders);
    const paid = OrderListSchema.parse(await stack.api('/api/orders?status=paid&psp=sips&limit=500')).items;
    const splits = paid.filter((o: OrderSummary) => o.partCount === 2 && o.voucherAmount > 0 && o.cardAmount > 0);
    const first = splits[0];
    // Room for a refund above the agent's limit within the card part.
    const second = splits.find((o) => o !== first && o.cardAmount > agentLimit + 500);
    if (!first || !second) throw new Error('the sandbox scenario lacks Sips voucher + card orders (one with a card part above the agent limit)');
    small = await order(first.id);
    large = await order(second.id);
    agent = await env.open('agent');
  });

  afterAll(() => env?.close());

  it('refunds part of the card part through the dialog: one signed request to Sips, the outcome, the new refunded amount', async () => {
    const { page, errors } = agent;
    const card = cardOf(small);
    const allowance = card.operations.find((op) => op.type === 'refund')!;
    expect(allowance.allowed).toBe(true);
    const callsBefore = stack.sandbox.cashCalls.length;

    await page.goto(`/orders/${small.id}`);
    await refundButton(partCard(page, 'card')).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    // The ceiling, the rule in words and its seed reference.
    expect(await dialog.getByTestId('allowance-max').textContent()).toBe(formatted(allowance.maxAmount!));
    const facts = (await dialog.getByTestId('allowance-facts').textContent())!;
    expect(facts).toContain(allowance.reason);
    expect(facts).toContain(`Seed ${allowance.source}`);

    await dialog.getByLabel('Amount to refund (€)').fill(typed(1250));
    await dialog.getByLabel('Reason').fill(REASON);
    // A double click sends one request: the button is disabled at once and the idempotency key is the same.
    await dialog.getByRole('button', { name: `Refund ${formatted(1250)}` }).dblclick();
    await dialog.getByTestId('operation-outcome').waitFor();
    expect(await dialog.getByTestId('outcome-state').textContent()).toBe('Succeeded');
    expect(await dialog.getByTestId('outcome-words').textContent()).toMatch(/Worldline Sips accepted it \(code 00/);

    const calls = stack.sandbox.cashCalls.slice(callsBefore);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ psp: 'sips', operation: 'refund', signatureValid: true });

    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => partCard(page, 'card').getByTestId('part-refunded').textContent()).toBe(formatted(1250));
    const row = page.getByTestId('cash-operation').first();
    expect(await row.getByTestId('cash-operation-state').textContent()).toBe('Succeeded');
    expect(await row.textContent()).toContain(REASON);
    expect(cardOf(await order(small.id)).refundedAmount).toBe(1250);

    // What was sent to Sips, as Sips received it.
    await row.getByText('What was sent to the PSP').click();
    const exchange = row.getByTestId('psp-exchange');
    await exchange.waitFor();
    expect(await exchange.getByLabel('Request').textContent()).toBe(calls[0]!.body);
    expect(JSON.parse((await exchange.getByLabel('Answer').textContent())!)).toMatchObject({ responseCode: '00' });
    await row.screenshot({ path: '/tmp/refunds-exchange.png' });
    expect(errors).toEqual([]);
  });

  it('shows why the voucher part cannot be refunded at Sips, as the disabled button\'s description', async () => {
    const { page } = agent;
    const voucher = small.parts.find((p) => p.kind === 'voucher')!;
    const reason = voucher.operations.find((op) => op.type === 'refund')!.reason;
    expect(reason).toMatch(/never the voucher part/);

    await page.goto(`/orders/${small.id}`);
    const button = refundButton(partCard(page, 'voucher'));
    expect(await button.isDisabled()).toBe(true);
    const describedBy = (await button.getAttribute('aria-describedby'))!;
    const description = page.locator(`[id="${describedBy}"]`);
    expect(await description.isVisible()).toBe(true);
    expect(await description.textContent()).toBe(reason);
  });

  it('keeps a refund above the agent\'s limit for a supervisor, who approves it on the Refunds page', async () => {
    const { page, errors } = agent;
    const amount = agentLimit + 100;
    const callsBefore = stack.sandbox.cashCalls.length;

    await page.goto(`/orders/${large.id}`);
    await refundButton(partCard(page, 'card')).click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByLabel('Amount to refund (€)').fill(typed(amount));
    await dialog.getByLabel('Reason').fill('Whole card part, order never delivered');
    expect(await dialog.getByTestId('limit-note').textContent()).toContain(formatted(agentLimit));
    await dialog.getByRole('button', { name: `Refund ${formatted(amount)}` }).click();
    await dialog.getByTestId('operation-outcome').waitFor();
    expect(await dialog.getByTestId('outcome-state').textContent()).toBe('Awaiting approval');
    expect(await dialog.getByTestId('outcome-words').textContent()).toContain(`refund limit of ${formatted(agentLimit)}`);
    await dialog.getByRole('button', { name: 'Done' }).click();
    // Nothing went to the PSP; the requester sees it waiting and cannot approve it.
    expect(stack.sandbox.cashCalls.length).toBe(callsBefore);
    const row = page.getByTestId('cash-operation').first();
    expect(await row.getByTestId('cash-operation-state').textContent()).toBe('Awaiting approval');
    expect(await row.getByTestId('waiting-note').textContent()).toContain('Waiting for a supervisor');
    expect(await row.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    // The card part says what the waiting request holds.
    await expect.poll(() => partCard(page, 'card').getByTestId('operation-refund').getByTestId('operation-held').textContent()).toContain(formatted(amount));
    await partCard(page, 'card').screenshot({ path: '/tmp/refunds-held.png' });

    const waiting = OperationListSchema.parse(await stack.api('/api/operations?state=awaiting_approval')).items;
    expect(waiting).toHaveLength(1);
    const operation = waiting[0]!;

    const supervisor = await env.open('supervisor');
    const sup = supervisor.page;
    await sup.goto('/refunds?state=awaiting_approval');
    await expect.poll(() => sup.getByTestId('state-tab-awaiting_approval').locator('.type-count-value').textContent()).toBe('1');
    const listed = sup.locator('table.data-table tbody tr');
    expect(await listed.count()).toBe(1);
    expect(await listed.getByTestId('operation-order').textContent()).toBe(large.reference);
    // Who asked, by name, with the e-mail they signed in with.
    expect(await listed.locator('td').first().textContent()).toContain(`by ${stack.people.users.agent.name}${stack.people.users.agent.email}`);
    expect(parseFrenchMoney((await listed.locator('.amount').textContent())!)).toBe(amount);

    await sup.getByRole('button', { name: `Approve operation ${operation.id}` }).click();
    const decision = sup.locator('dialog[open]');
    await decision.getByLabel('Note (optional)').fill('Checked with the customer');
    await decision.getByRole('button', { name: 'Approve and send' }).click();
    await decision.getByTestId('operation-outcome').waitFor();
    expect(await decision.getByTestId('outcome-state').textContent()).toBe('Succeeded');
    const calls = stack.sandbox.cashCalls.slice(callsBefore);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ psp: 'sips', operation: 'refund', signatureValid: true });
    await decision.getByRole('button', { name: 'Done' }).click();

    await expect.poll(() => sup.getByTestId('state-tab-awaiting_approval').locator('.type-count-value').textContent()).toBe('0');
    await sup.goto('/refunds?state=succeeded');
    const done = sup.locator('table.data-table tbody tr').filter({ hasText: large.reference! });
    await expect.poll(() => done.count()).toBe(1);
    expect(await done.textContent()).toContain(`${stack.people.users.supervisor.name}${stack.people.users.supervisor.email}`);
    expect(cardOf(await order(large.id)).refundedAmount).toBe(amount);
    expect(errors).toEqual([]);
    expect(supervisor.errors).toEqual([]);
  });

  it('cancels a Sips split in validation mode as one transaction: the whole amount, both parts cancelled', async () => {
    const { page, errors } = agent;
    const sandboxOrder = {
      psp: 'sips' as const,
      accountId: 'sips-shop',
      reference: 'CANCEL-WHOLE-1',
      callNumber: '6100001',
      email: 'cancel@example.fr',
      createdAt: new Date(Date.now() - DAY_MS),
      currency: 'EUR' as const,
      captureMode: 'deferred' as const,
      parts: [
        { kind: 'voucher' as const, brand: 'APETIZ', amount: 1900, outcome: 'accepted' as const, transactionId: '610000001', authorisationId: null, maskedPan: null },
        { kind: 'card' as const, brand: 'CB', amount: 450, outcome: 'accepted' as const, transactionId: '610000002', authorisationId: '123456', maskedPan: '497010######0014' },
      ],
    };
    stack.sandbox.adopt([sandboxOrder]);
    await stack.sandbox.deliver(stack.server.url, [sandboxOrder]);
    const list = OrderListSchema.parse(await stack.api('/api/orders?q=CANCEL-WHOLE-1'));
    const id = list.items[0]!.id;

    await page.goto(`/orders/${id}`);
    await partCard(page, 'voucher').getByTestId('operation-cancel').getByRole('button', { name: 'Cancel', exact: true }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    const amount = dialog.getByLabel('Amount to cancel (€)');
    expect(await amount.inputValue()).toBe(typed(2350));
    expect(await amount.getAttribute('readonly')).not.toBeNull();
    expect(await dialog.getByTestId('scope-warning').isVisible()).toBe(true);
    await dialog.getByLabel('Reason').fill('Order cancelled by the restaurant');
    await dialog.getByRole('button', { name: `Cancel ${formatted(2350)}` }).click();
    await dialog.getByTestId('operation-outcome').waitFor();
    expect(await dialog.getByTestId('outcome-state').textContent()).toBe('Succeeded');
    await page.screenshot({ path: '/tmp/refunds-cancel-whole.png' });
    expect((await order(id)).parts.map((p) => p.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(errors).toEqual([]);
  });

  it('exports the operations the filters let through', async () => {
    const { page, errors } = agent;
    await page.goto('/refunds?state=succeeded');
    const csv = page.getByTestId('operations-csv');
    await expect.poll(() => csv.getAttribute('href')).toBe('/api/operations.csv?state=succeeded&format=fr');
    expect(await page.getByTestId('operations-xlsx').getAttribute('href')).toBe('/api/operations.xlsx?state=succeeded&format=fr');
    const succeeded = OperationListSchema.parse(await stack.api('/api/operations?state=succeeded&limit=1')).total;
    const [download] = await Promise.all([page.waitForEvent('download'), csv.click()]);
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('\uFEFFDemandé le;Commande;')).toBe(true);
    expect(lines).toHaveLength(succeeded + 1);
    await page.screenshot({ path: '/tmp/refunds-export.png' });
    expect(errors).toEqual([]);
  });
});

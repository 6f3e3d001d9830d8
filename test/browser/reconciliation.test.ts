import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCREPANCY_LABELS, DiscrepancyListSchema, type DiscrepancyList } from '../../shared/discrepancies';
import type { ImportDetail } from '../../shared/api-imports';
import { defaultNoise, ordersOn } from '../../sandbox/reports';
import { parseFrenchCount, parseFrenchMoney, startBrowserStack, type BrowserStack } from '../support/browser';

const DAY = '2026-11-20';
const SHOTS = '/tmp/recon';
const NOTE = 'Notification lost by the PSP; the report is right, checked in the Sips back office.';

describe('Reconciliation page', () => {
  let stack: BrowserStack['stack'];
  let env: BrowserStack;
  let page: Page;
  let errors: string[];

  const queue = async (query = ''): Promise<DiscrepancyList> => DiscrepancyListSchema.parse(await stack.api(`/api/discrepancies?limit=500${query}`));
  const rows = () => page.locator('table.data-table tbody tr');
  const totalCount = async () => parseFrenchCount((await page.getByTestId('total-count').textContent())!);
  const statuses = () => page.getByTestId('discrepancy-status').allTextContents();
  /** A filter's select, found by its label alone (a select's label text also holds its options). */
  const filterSelect = (label: string) => page.locator('.filters label.field', { has: page.locator('.field-label', { hasText: new RegExp(`^${label}$`) }) }).locator('select');
  /** The row of a discrepancy, found by its checkbox or its Resolve button (an agent's view of the active queue). */
  const rowOf = (id: number) => page.locator('table.data-table tbody tr').filter({ has: page.locator(`[aria-label="Select discrepancy ${id}"], [aria-label="Resolve discrepancy ${id}"]`) });

  async function upload(name: string, content: Buffer): Promise<ImportDetail> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)]), name);
    const response = await fetch(`${stack.server.url}/api/imports?wait=true`, { method: 'POST', body: form, headers: { authorization: `Bearer ${stack.people.tokens.supervisor}` } });
    return (await response.json()) as ImportDetail;
  }

  beforeAll(async () => {
    env = await startBrowserStack();
    ({ stack } = env);
    const orders = stack.sandbox.generate(60, { seed: 21, from: new Date(`${DAY}T07:00:00Z`), to: new Date(`${DAY}T20:00:00Z`) });
    for (const o of orders) for (const p of o.parts) p.outcome = 'accepted';
    // One order in ten is never notified: the reports bring it, the queue says so.
    const notified = orders.filter((_, i) => i % 10 !== 4);
    await stack.sandbox.deliver(stack.server.url, notified, { seed: 2 });
    for (const file of stack.sandbox.reports(DAY, { noise: defaultNoise(ordersOn(notified, DAY), 5) })) {
      expect((await upload(file.name, file.content)).status).toBe('applied');
    }
    await stack.storage.notificationsApplied();
    await stack.server.reconciler.runOnce();
    ({ page, errors } = await env.open('agent'));
  }, 90_000);

  afterAll(() => env?.close());

  it('lists the active queue the API lists, with counts per type, French amounts and Paris times', async () => {
    const api = await queue();
    expect(api.total).toBeGreaterThan(5);
    await page.goto('/reconciliation');
    await expect.poll(totalCount).toBe(api.total);
    await expect.poll(() => rows().count()).toBe(Math.min(api.total, 50));
    const first = api.items[0]!;
    const firstRow = rows().first();
    expect(await firstRow.getByTestId('discrepancy-reason').textContent()).toBe(first.reason);
    expect(await firstRow.getByTestId('discrepancy-order').textContent()).toBe(first.orderReference);
    expect(parseFrenchMoney((await firstRow.locator('td.col-money').textContent())!)).toBe(first.amount);
    const opened = new Date(first.openedAt);
    const paris = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', ...options }).format(opened);
    expect(await firstRow.locator('td.col-date').textContent()).toBe(`${paris({ dateStyle: 'short' })}${paris({ timeStyle: 'medium' })}`);

    // One count per type, each the API's total for that type.
    const byType = new Map<string, number>();
    for (const d of api.items) byType.set(d.type, (byType.get(d.type) ?? 0) + 1);
    for (const [type, count] of byType) {
      const text = await page.getByTestId(`type-count-${type}`).locator('.type-count-value').textContent();
      expect(parseFrenchCount(text!), type).toBe(count);
    }
    expect(byType.get('not_notified')).toBeGreaterThan(3);
    await page.screenshot({ path: `${SHOTS}-queue.png`, fullPage: true });
    await page.screenshot({ path: `${SHOTS}-queue-top.png` });
    expect(errors).toEqual([]);
  });

  it('filters by type, acknowledges two in bulk, resolves one with a note through the dialog', async () => {
    const notNotified = await queue('&type=not_notified');
    await page.goto('/reconciliation');
    await filterSelect('Type').selectOption('not_notified');
    await expect.poll(() => new URL(page.url()).searchParams.get('type')).toBe('not_notified');
    await expect.poll(totalCount).toBe(notNotified.total);
    await expect.poll(() => rows().count()).toBe(notNotified.total);
    expect(new Set(await page.locator('td.col-type').allTextContents())).toEqual(new Set([DISCREPANCY_LABELS.not_notified]));
    expect(await page.getByTestId('type-count-not_notified').getAttribute('aria-current')).toBe('true');

    const [a, b, c] = notNotified.items;
    await rowOf(a!.id).getByRole('checkbox').check();
    await rowOf(b!.id).getByRole('checkbox').check();
    await expect.poll(() => page.getByTestId('selected-count').textContent()).toBe('2 discrepancies selected');
    await page.screenshot({ path: `${SHOTS}-selected.png`, fullPage: true });
    await page.getByRole('button', { name: 'Acknowledge selected' }).click();
    await expect.poll(() => rowOf(a!.id).getByTestId('discrepancy-status').textContent()).toBe('Acknowledged');
    expect(await rowOf(b!.id).getByTestId('discrepancy-status').textContent()).toBe('Acknowledged');
    // Acknowledged rows stay in the active queue, with who took them; they can no longer be ticked.
    expect(await rowOf(a!.id).getByTestId('discrepancy-handling').textContent()).toContain('agent@test.example');
    expect(await rowOf(a!.id).getByRole('checkbox').isDisabled()).toBe(true);
    expect((await queue('&status=acknowledged')).items.map((d) => d.id).sort()).toEqual([a!.id, b!.id].sort());
    expect((await statuses()).filter((s) => s === 'Acknowledged')).toHaveLength(2);

    await page.getByRole('button', { name: `Resolve discrepancy ${c!.id}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(c!.reason);
    await dialog.getByLabel('How was it resolved?').fill(NOTE);
    await page.screenshot({ path: `${SHOTS}-resolve-dialog.png` });
    await dialog.getByRole('button', { name: 'Resolve', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    // Resolved, it leaves the active queue.
    await expect.poll(totalCount).toBe(notNotified.total - 1);
    expect(await rowOf(c!.id).count()).toBe(0);
    expect(await page.getByRole('button', { name: `Resolve discrepancy ${c!.id}` }).count()).toBe(0);

    await filterSelect('Status').selectOption('resolved');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('resolved');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await statuses()).toEqual(['Resolved']);
    const handling = await rows().first().getByTestId('discrepancy-handling').textContent();
    expect(handling).toContain('agent@test.example');
    expect(handling).toContain(NOTE);
    // History: nothing to tick or resolve.
    expect(await page.getByRole('button', { name: /^Resolve discrepancy/ }).count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    expect(await page.getByTestId('bulk-bar').count()).toBe(0);
    const resolved = (await queue('&status=resolved')).items;
    expect(resolved).toMatchObject([{ id: c!.id, status: 'resolved', handledBy: 'agent@test.example', note: NOTE }]);
    await page.screenshot({ path: `${SHOTS}-resolved.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('takes the minimum amount in euros and sends it in cents; the minimum age in days', async () => {
    const all = (await queue()).items;
    const threshold = [...all.map((d) => d.amount)].sort((x, y) => x - y)[Math.floor(all.length / 2)]!;
    const expected = all.filter((d) => d.amount >= threshold).length;
    await page.goto('/reconciliation');
    await page.getByLabel('Min. at stake (€)').fill(`${Math.floor(threshold / 100)},${String(threshold % 100).padStart(2, '0')}`);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('minAmount')).toBe(String(threshold));
    await expect.poll(totalCount).toBe(expected);
    for (const text of await page.locator('td.col-money').allTextContents()) expect(parseFrenchMoney(text)).toBeGreaterThanOrEqual(threshold);

    // Nothing was opened a day ago or more.
    await page.getByLabel('Min. age (days)').fill('1');
    await page.getByLabel('Min. age (days)').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('minAgeDays')).toBe('1');
    await expect.poll(() => page.locator('.state-empty').textContent()).toBe('No discrepancies match these filters.');

    await page.getByLabel('Min. at stake (€)').fill('12 euros');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('is not an amount in euros');
    expect(new URL(page.url()).searchParams.get('minAmount')).toBe(String(threshold));
    // At 1280 px the amount and Apply share a line: the error under the field leaves Apply on the inputs' line.
    await page.setViewportSize({ width: 1280, height: 900 });
    const amountBox = (await page.getByLabel('Min. at stake (€)').boundingBox())!;
    const applyBox = (await page.getByRole('button', { name: 'Apply' }).boundingBox())!;
    expect(Math.abs(applyBox.y - amountBox.y)).toBeLessThanOrEqual(1);
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByLabel('Min. at stake (€)').fill('');
    await page.getByLabel('Min. age (days)').fill('-3');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('"-3" is not a number of days');
    expect(new URL(page.url()).searchParams.get('minAgeDays')).toBe('1');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await expect.poll(totalCount).toBe(all.length);
  });

  it('links each row to its order, whose page lists its discrepancies, and to its evidence', async () => {
    const withLine = (await queue('&type=not_notified&status=acknowledged')).items[0]!;
    await page.goto('/reconciliation?type=not_notified&status=acknowledged');
    const row = rowOf(withLine.id);
    await row.waitFor();
    await row.getByTestId('discrepancy-order').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/orders/${withLine.orderId}`);
    const ofOrder = await queue(`&orderId=${withLine.orderId}`);
    const panel = page.getByTestId('order-discrepancies');
    await expect.poll(() => panel.getByTestId('order-discrepancy').count()).toBe(ofOrder.total);
    expect(await panel.textContent()).toContain(withLine.reason);
    await panel.screenshot({ path: `${SHOTS}-order-panel.png` });
    await page.screenshot({ path: `${SHOTS}-order.png`, fullPage: true });

    // The panel leads to the queue filtered by the order.
    await panel.getByTestId('order-discrepancies-queue').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('orderId')).toBe(String(withLine.orderId));
    await expect.poll(totalCount).toBe(ofOrder.total);
    expect(await page.getByTestId('order-filter').textContent()).toContain(withLine.orderReference);

    // A report line of the evidence opens its import.
    const line = withLine.evidence.reportLines[0]!;
    const link = rowOf(withLine.id).getByTestId('evidence-report-line').first();
    expect(await link.textContent()).toBe(`Import #${line.importId} line ${line.line}`);
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/imports/${line.importId}`);
    await expect.poll(() => page.getByTestId('import-status').textContent()).toBe('Applied');
    expect(errors).toEqual([]);
  });

  it('opens a notification of the evidence in the inbox', async () => {
    const notified = (await queue()).items.find((d) => d.evidence.inboxIds.length > 0);
    if (!notified) throw new Error('no active discrepancy has a notification as evidence');
    await page.goto(`/reconciliation?type=${notified.type}`);
    const link = page.locator('table.data-table tbody tr').filter({ hasText: notified.reason }).getByTestId('evidence-notification').first();
    expect(await link.textContent()).toBe(`Notification #${notified.evidence.inboxIds[0]}`);
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/inbox/${notified.evidence.inboxIds[0]}`);
    expect(errors).toEqual([]);
  });

  it('shows a viewer the queue read-only, saying which role handles it', async () => {
    const viewer = await env.open('viewer');
    const api = await queue();
    await viewer.page.goto('/reconciliation');
    await expect.poll(() => viewer.page.locator('table.data-table tbody tr').count()).toBe(Math.min(api.total, 50));
    expect(await viewer.page.getByTestId('handle-denied').textContent()).toContain('needs the agent role');
    expect(await viewer.page.getByRole('checkbox').count()).toBe(0);
    expect(await viewer.page.getByRole('button', { name: /Resolve|Acknowledge|Run full reconciliation/ }).count()).toBe(0);
    expect(await viewer.page.getByTestId('bulk-bar').count()).toBe(0);
    await viewer.page.screenshot({ path: `${SHOTS}-viewer.png`, fullPage: true });
    expect(viewer.errors).toEqual([]);
    await viewer.close();
  });

  it('lets a supervisor run a full reconciliation', async () => {
    const supervisor = await env.open('supervisor');
    await supervisor.page.goto('/reconciliation');
    await supervisor.page.getByRole('button', { name: 'Run full reconciliation' }).click();
    const result = supervisor.page.getByTestId('reconcile-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/^Full reconciliation done: [\d\u202f]+ orders checked, 0 opened, 0 closed\.$/);
    expect(await supervisor.page.getByTestId('handle-denied').count()).toBe(0);
    await supervisor.page.screenshot({ path: `${SHOTS}-supervisor.png` });
    expect(supervisor.errors).toEqual([]);
    await supervisor.close();
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxListSchema, type InboxSummary } from '../../shared/api';
import { startBrowserStack, type BrowserStack } from '../support/browser';

/** A Sips automatic response whose Seal was not computed with the account's key. */
const FORGED_DATA = 'amount=1500|currencyCode=978|merchantId=011223344550000|orderId=FORGED-1|transactionReference=FORGED1|responseCode=00';
const FORGED_BODY = new URLSearchParams({ Data: FORGED_DATA, Seal: 'ab'.repeat(32), InterfaceVersion: 'HP_2.24' }).toString();

describe('Inbox page', () => {
  let stack: BrowserStack['stack'];
  let env: BrowserStack;
  let page: Page;
  let errors: string[];
  let forged: InboxSummary;

  const rows = () => page.locator('table.data-table tbody tr');

  beforeAll(async () => {
    env = await startBrowserStack();
    ({ stack } = env);
    await stack.sandbox.deliver(stack.server.url, stack.sandbox.generate(12, { seed: 3 }), { duplicates: 0.2, shuffle: true });
    const answer = await fetch(`${stack.server.url}/ipn/sips/sips-shop`, {
      method: 'POST',
      body: FORGED_BODY,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(401);
    const rejected = InboxListSchema.parse(await stack.api(`/api/inbox?rejected=true`));
    expect(rejected.total).toBe(1);
    forged = rejected.items[0]!;
    // Replaying a notification needs a supervisor.
    ({ page, errors } = await env.open('supervisor'));
  });

  afterAll(() => env?.close());

  it('lists the forged request under "rejected only", with its verification and error', async () => {
    await page.goto('/inbox');
    await expect.poll(() => rows().count()).toBeGreaterThan(1);
    await page.getByLabel('Rejected only').check();
    await expect.poll(() => new URL(page.url()).searchParams.get('rejected')).toBe('true');
    await expect.poll(() => rows().count()).toBe(1);

    const row = (await rows().first().textContent())!;
    expect(row).toContain(`#${forged.id}`);
    expect(row).toContain('Invalid signature');
    expect(row).toContain('Rejected');
    expect(row).toContain('401');
    expect(forged.error).not.toBeNull();
    const error = (await page.getByTestId('inbox-error').textContent())!;
    expect(error).toContain(forged.error!.code);
    expect(error).toContain(forged.error!.message);

    // The filter survives a reload.
    await page.reload();
    await expect.poll(() => rows().count()).toBe(1);
    expect(await page.getByLabel('Rejected only').isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('filters by outcome and PSP through the URL', async () => {
    await page.goto('/inbox');
    await page.getByLabel('Outcome').selectOption('duplicate');
    await expect.poll(() => new URL(page.url()).searchParams.get('outcome')).toBe('duplicate');
    const duplicates = InboxListSchema.parse(await stack.api(`/api/inbox?outcome=duplicate`));
    expect(duplicates.total).toBeGreaterThan(0);
    await expect.poll(() => rows().count()).toBe(Math.min(duplicates.total, 50));
    expect(new Set(await rows().locator('td:nth-child(6)').allTextContents())).toEqual(new Set(['Duplicate']));
    // Each names its order by the reference support knows it by, linked to the order.
    const first = duplicates.items[0]!;
    expect(first.orderReference).toMatch(/\S/);
    const link = rows().first().getByRole('link', { name: first.orderReference! });
    expect(await link.getAttribute('href')).toBe(`/orders/${first.orderId}`);

    await page.getByLabel('PSP').selectOption('sips');
    await expect.poll(() => new URL(page.url()).searchParams.get('psp')).toBe('sips');
    const sips = InboxListSchema.parse(await stack.api(`/api/inbox?outcome=duplicate&psp=sips`));
    await expect.poll(() => page.getByTestId('total-count').textContent()).toBe(String(sips.total));
    expect(new Set(await rows().locator('td:nth-child(3)').allTextContents())).toEqual(sips.total > 0 ? new Set(['Worldline Sipssips-shop']) : new Set());
  });

  it('shows the request as received and replays it', async () => {
    await page.goto('/inbox?rejected=true');
    await rows().first().locator('td').nth(1).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/inbox/${forged.id}`);
    expect(await page.getByTestId('raw-body').textContent()).toBe(FORGED_BODY);
    expect(await page.getByTestId('raw-request').textContent()).toContain('POST /ipn/sips/sips-shop');
    expect(await page.getByTestId('raw-request').textContent()).toContain('content-type');
    expect(await page.getByTestId('inbox-error').textContent()).toContain(forged.error!.message);

    await page.getByRole('button', { name: 'Replay' }).click();
    const result = page.getByTestId('replay-result');
    await expect.poll(() => result.count()).toBe(1);
    const text = (await result.textContent())!;
    expect(text).toContain('Rejected');
    expect(text).toContain('HTTP 401');
    const replays = InboxListSchema.parse(await stack.api(`/api/inbox?rejected=true`));
    const replay = replays.items.find((i) => i.replayOf === forged.id)!;
    expect(text).toContain(`notification #${replay.id}`);

    await result.getByRole('link', { name: `notification #${replay.id}` }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/inbox/${replay.id}`);
    await expect.poll(() => page.getByRole('link', { name: `Notification #${forged.id}` }).count()).toBe(1);
  });

  it('offers a viewer no Replay: the button is disabled with the role it needs', async () => {
    const viewer = await env.open('viewer');
    try {
      await viewer.page.goto(`/inbox/${forged.id}`);
      const replay = viewer.page.getByRole('button', { name: 'Replay' });
      await replay.waitFor();
      expect(await replay.isDisabled()).toBe(true);
      expect(await viewer.page.getByTestId('replay-denied').textContent()).toBe('Replay needs the supervisor role');
      // The reason is tied to the button for assistive technology too.
      expect(await replay.getAttribute('aria-describedby')).toBe('replay-denied');
      expect(await viewer.page.getByTestId('replay-result').count()).toBe(0);
      expect(viewer.errors).toEqual([]);
    } finally {
      await viewer.close();
    }
  });
});

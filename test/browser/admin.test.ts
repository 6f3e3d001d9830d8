import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderListSchema } from '../../shared/api';
import { ApiTokenListSchema, UserListSchema, type User } from '../../shared/api-auth';
import { parseFrenchMoney, startBrowserStack, type BrowserStack } from '../support/browser';

const NEW_EMAIL = 'nina.agent@test.example';

describe('Users, API tokens and audit pages (admin)', () => {
  let stack: BrowserStack['stack'];
  let env: BrowserStack;
  let page: Page;
  let errors: string[];
  let created: User;

  const rows = () => page.locator('table.data-table tbody tr');
  const userRow = (email: string) => rows().filter({ hasText: email });
  const apiUser = async (email: string) => UserListSchema.parse(await stack.api('/api/users')).items.find((u) => u.email === email);

  beforeAll(async () => {
    env = await startBrowserStack();
    ({ stack } = env);
    await stack.sandbox.deliver(stack.server.url, stack.sandbox.generate(3, { seed: 7 }), {});
    ({ page, errors } = await env.open('admin'));
  });

  afterAll(() => env?.close());

  it('creates an agent with a refund limit in euros, showing the server’s refusal of a weak password on its field', async () => {
    await page.goto('/orders');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await expect.poll(() => rows().count()).toBe(4);

    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('E-mail').fill(NEW_EMAIL);
    await dialog.getByLabel('Name').fill('Nina Agent');
    await dialog.getByLabel('Role').selectOption('agent');
    await dialog.getByLabel('Initial password').fill('password1234');
    await dialog.getByLabel('Refund limit (€)').fill('120,5');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const passwordError = dialog.locator('.has-error .field-error');
    await expect.poll(() => passwordError.textContent()).toBe('password refused: built on a common word ("password")');
    expect(await dialog.getByLabel('Initial password').getAttribute('aria-invalid')).toBe('true');

    await dialog.getByLabel('Initial password').fill('plum orchard lantern 42');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => userRow(NEW_EMAIL).count()).toBe(1);
    const cells = await userRow(NEW_EMAIL).locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual([NEW_EMAIL, 'Nina Agent', 'Agent (support)', '120,50\u00a0€', 'Active']);
    created = (await apiUser(NEW_EMAIL))!;
    // Typed in euros, stored in integer cents.
    expect(created.refundLimit).toBe(12050);
    expect(parseFrenchMoney(cells[3]!)).toBe(12050);
    expect(errors).toEqual([]);
  });

  it('changes the refund limit, then disables the user after a confirmation', async () => {
    await page.getByRole('button', { name: `Edit ${NEW_EMAIL}` }).click();
    const edit = page.getByRole('dialog', { name: `Edit ${NEW_EMAIL}` });
    expect(await edit.getByLabel('Refund limit (€)').inputValue()).toBe('120,50');
    await edit.getByLabel('Refund limit (€)').fill('75');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => userRow(NEW_EMAIL).locator('td').nth(3).textContent()).toBe('75,00\u00a0€');
    expect((await apiUser(NEW_EMAIL))!.refundLimit).toBe(7500);

    await page.getByRole('button', { name: `Disable ${NEW_EMAIL}` }).click();
    const confirm = page.getByRole('dialog', { name: `Disable ${NEW_EMAIL}?` });
    await confirm.getByRole('button', { name: 'Disable' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => userRow(NEW_EMAIL).locator('td').nth(4).textContent()).toBe('Disabled');
    expect((await apiUser(NEW_EMAIL))!.disabled).toBe(true);
    expect(await page.getByRole('button', { name: `Enable ${NEW_EMAIL}` }).count()).toBe(1);

    // An administrator cannot disable themselves: the button says so instead of failing.
    const self = page.getByRole('button', { name: `Disable ${stack.people.users.admin.email}` });
    expect(await self.isDisabled()).toBe(true);
    expect(await self.getAttribute('title')).toContain('You cannot disable yourself');
    expect(errors).toEqual([]);
  });

  it('lists the user’s creation and disabling in the Audit page, filtered through the URL, with before and after', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await expect.poll(() => rows().count()).toBeGreaterThan(4);
    const filters = page.getByRole('search', { name: 'Audit filters' });
    await filters.getByLabel('Object type').selectOption('user');
    await filters.getByLabel('Object id').fill(String(created.id));
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe(`?objectType=user&objectId=${created.id}`);
    // Newest first: disable, the refund limit change, create.
    await expect.poll(() => rows().locator('td:nth-child(4) code').allTextContents()).toEqual(['user.disable', 'user.update', 'user.create']);
    expect(await page.getByTestId('total-count').textContent()).toBe('3');
    expect(await rows().first().locator('td:nth-child(3)').textContent()).toBe(`${stack.people.users.admin.email}user`);

    // The disabling row expands to before/after, the changed field highlighted.
    await page.getByRole('button', { name: /^Show before and after/ }).first().click();
    const diff = page.getByTestId('audit-diff');
    const changed = diff.locator('tr[data-changed="true"]');
    await expect.poll(() => changed.count()).toBe(1);
    expect(await changed.locator('th').textContent()).toBe('disabled (changed)');
    expect(await changed.locator('td').allTextContents()).toEqual(['false', 'true']);
    expect(await diff.locator('tr[data-changed="false"] th code').allTextContents()).toEqual(['email', 'name', 'role', 'refundLimit']);
    expect(await diff.locator('tr', { hasText: 'refundLimit' }).locator('td').allTextContents()).toEqual(['75,00\u00a0€', '75,00\u00a0€']);

    // The creation has no before: every field is new.
    await rows().filter({ hasText: 'user.create' }).locator('td').nth(1).click();
    await expect.poll(() => diff.count()).toBe(2);
    const creation = diff.nth(1);
    expect(await creation.locator('thead').textContent()).toContain('Before (none)');
    expect(await creation.locator('tr[data-changed="true"] th code').allTextContents()).toEqual(['email', 'name', 'role', 'refundLimit', 'disabled']);

    // An action prefix narrows further, and the filters survive a reload.
    await page.goto(`/audit?objectType=user&objectId=${created.id}&action=user.dis`);
    await expect.poll(() => rows().locator('td:nth-child(4) code').allTextContents()).toEqual(['user.disable']);
    expect(await filters.getByLabel('Action').inputValue()).toBe('user.dis');
    expect(await filters.getByLabel('Object id').inputValue()).toBe(String(created.id));
    expect(errors).toEqual([]);
  });

  it('creates an API token whose secret is shown once, works as a Bearer token, and stops working once revoked', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.server.url });
    await page.goto('/tokens');
    await expect.poll(() => rows().count()).toBe(4);
    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API token' });
    await dialog.getByLabel('Name').fill('accounting export');
    await dialog.getByLabel('Role').selectOption('viewer');
    await dialog.getByLabel('Expires in (days)').fill('30');
    await dialog.getByRole('button', { name: 'Create token' }).click();

    const shown = page.getByRole('dialog', { name: 'API token “accounting export” created' });
    const secret = (await shown.getByTestId('token-secret').textContent())!;
    expect(secret).toMatch(/^srt_\S{20,}$/);
    expect(await shown.getByRole('alert').textContent()).toContain('it will not be shown again');
    await shown.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => shown.getByRole('button', { name: 'Copied', exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    // Escape does not throw the secret away; only the explicit button does.
    await page.keyboard.press('Escape');
    expect(await shown.isVisible()).toBe(true);
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);

    const row = rows().filter({ hasText: 'accounting export' });
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['accounting export', `${secret.slice(0, 10)}…`, 'Viewer (finance)', stack.people.users.admin.email]);
    expect(cells[7]).toBe('Active');
    const listed = ApiTokenListSchema.parse(await stack.api('/api/tokens')).items.find((t) => t.name === 'accounting export')!;
    expect(Date.parse(listed.expiresAt) - Date.parse(listed.createdAt)).toBe(30 * 86_400_000);

    const asToken = () => fetch(`${stack.server.url}/api/orders?limit=1`, { headers: { authorization: `Bearer ${secret}` } });
    const answer = await asToken();
    expect(answer.status).toBe(200);
    expect(OrderListSchema.parse(await answer.json()).total).toBe(3);

    await page.getByRole('button', { name: 'Revoke accounting export' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke “accounting export”?' });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => row.locator('td').nth(7).textContent()).toBe('Revoked');
    expect(await row.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    expect((await asToken()).status).toBe(401);
    expect(errors).toEqual([]);
  });
});

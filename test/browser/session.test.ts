import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxListSchema } from '../../shared/api';
import { UserSchema, type User } from '../../shared/api-auth';
import { startBrowserStack, type BrowserStack } from '../support/browser';
import { TEST_PASSWORD } from '../support/stack';

const FORGED_BODY = new URLSearchParams({ Data: 'amount=1500|currencyCode=978|merchantId=011223344550000|orderId=FORGED-2', Seal: 'cd'.repeat(32) }).toString();

describe('Sign-in, session and roles', () => {
  let stack: BrowserStack['stack'];
  let env: BrowserStack;
  let forgedId: number;
  const open = (person: { email: string; password: string } | null) => env.open(person);
  const signInForm = async (page: Page, email: string, password: string) => {
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const navLinks = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
  /** A person of its own for a test that ends their sessions. */
  const createPerson = async (email: string): Promise<User> =>
    UserSchema.parse(
      await stack.api('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, name: 'Sam Session', role: 'agent', password: TEST_PASSWORD }) }),
    );

  beforeAll(async () => {
    env = await startBrowserStack();
    ({ stack } = env);
    await fetch(`${stack.server.url}/ipn/sips/sips-shop`, { method: 'POST', body: FORGED_BODY, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    forgedId = InboxListSchema.parse(await stack.api('/api/inbox?rejected=true')).items[0]!.id;
  });

  afterAll(() => env?.close());

  it('signs in through the form: a wrong password is refused, the right one lands on the Overview with the user and role in the header', async () => {
    const { page, errors } = await open(null);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.title()).toBe('Sign in · Split Recon');

    await signInForm(page, 'viewer@test.example', 'not the password at all');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('e-mail or password is incorrect');
    expect(await alert.textContent()).toContain('INVALID_CREDENTIALS');
    // The e-mail stays for a second try; the wrong password does not.
    expect(await page.getByLabel('E-mail').inputValue()).toBe('viewer@test.example');
    expect(await page.getByLabel('Password').inputValue()).toBe('');

    await signInForm(page, 'viewer@test.example', TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const header = (await page.getByTestId('user-menu').textContent())!;
    expect(header).toContain('Test viewer');
    expect(header).toContain('viewer@test.example');
    expect(await page.getByTestId('user-role').textContent()).toBe('Viewer (finance)');
    expect(errors).toEqual([]);
  });

  it('shows the rate limit with the server’s message after repeated failures', async () => {
    const { page } = await open(null);
    await page.goto('/orders');
    const alert = page.getByRole('alert');
    // Five failures per e-mail are allowed; the sixth attempt is refused before any password check.
    for (let attempt = 1; attempt <= 6; attempt++) {
      await signInForm(page, 'nobody@test.example', `wrong password ${attempt}`);
      // Each failure costs a password hash on the server: on a busy machine that takes longer than a poll's default second.
      await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled(), { timeout: 10_000 }).toBe(true);
      await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toContain(attempt < 6 ? 'INVALID_CREDENTIALS' : 'RATE_LIMITED');
    }
    expect(await alert.textContent()).toMatch(/too many failed sign-ins: try again in \d+ minute/);
  });

  it('returns to the page that was asked for once signed in', async () => {
    const { page } = await open(null);
    await page.goto('/inbox?rejected=true');
    await signInForm(page, 'supervisor@test.example', TEST_PASSWORD);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/inbox?rejected=true');
    await expect.poll(() => page.locator('table.data-table tbody tr').count()).toBe(1);
    expect(await navLinks(page)).toEqual(['Overview', 'Orders', 'Inbox', 'Imports', 'Reconciliation', 'Refunds', 'Daily report', 'Audit']);
  });

  it('shows a viewer only their pages, says which role a page needs, and disables Replay with its reason', async () => {
    const { page, errors } = await open({ email: 'viewer@test.example', password: TEST_PASSWORD });
    await page.goto('/orders');
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    expect(await navLinks(page)).toEqual(['Overview', 'Orders', 'Inbox', 'Imports', 'Reconciliation', 'Refunds', 'Daily report']);

    await page.goto('/users');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This page needs the admin role; you are signed in as viewer');
    expect(await page.locator('table').count()).toBe(0);
    await page.goto('/audit');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This page needs the supervisor role; you are signed in as viewer');

    await page.goto(`/inbox/${forgedId}`);
    const replay = page.getByRole('button', { name: 'Replay' });
    await replay.waitFor();
    expect(await replay.isDisabled()).toBe(true);
    expect(await page.getByTestId('replay-denied').textContent()).toBe('Replay needs the supervisor role');
    expect(errors).toEqual([]);
  });

  it('brings the sign-in page back when the session ends elsewhere, then returns to the same page', async () => {
    const person = await createPerson('sam.session@test.example');
    const { page, errors } = await open({ email: person.email, password: TEST_PASSWORD });
    await page.goto('/orders');
    await page.getByRole('heading', { name: 'Orders' }).waitFor();

    // An administrator sets a new password: every session of that person ends at once.
    const newPassword = 'violet harbour compass 31';
    await stack.api(`/api/users/${person.id}/password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: newPassword }) });
    const meCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/auth/me') meCalls.push(request.url());
    });
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Your session has ended');
    // The 401 asked once who is signed in, and nothing loops.
    await page.waitForTimeout(1000);
    expect(meCalls.length).toBeLessThanOrEqual(2);

    await signInForm(page, person.email, newPassword);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/inbox');
    expect(errors).toEqual([]);
  });

  it('changes one’s own password: a wrong current password is refused on its field, the new one works', async () => {
    const person = await createPerson('pat.password@test.example');
    const { page, errors } = await open({ email: person.email, password: TEST_PASSWORD });
    await page.goto('/orders');
    await page.getByRole('button', { name: 'Change password' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change password' });
    const newPassword = 'amber kettle meadow 58';
    await dialog.getByLabel('Current password').fill('not my password');
    await dialog.getByLabel('New password', { exact: true }).fill(newPassword);
    await dialog.getByLabel('New password again').fill(newPassword);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => dialog.locator('.field-error').textContent()).toBe('the current password is not right');

    await dialog.getByLabel('Current password').fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('Your password is changed');
    await dialog.getByRole('button', { name: 'Done' }).click();

    // This session stays signed in; the old password no longer opens one.
    await page.reload();
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    const old = await fetch(`${stack.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.server.url },
      body: JSON.stringify({ email: person.email, password: TEST_PASSWORD }),
    });
    expect(old.status).toBe(401);
    expect(errors).toEqual([]);
  });

  it('signs out: back to the sign-in page, and the session is over on the server', async () => {
    const { page, errors } = await open({ email: 'agent@test.example', password: TEST_PASSWORD });
    await page.goto('/inbox');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect((await page.request.get('/api/auth/me')).status()).toBe(200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('status').textContent()).toBe('You are signed out.');
    expect(await page.getByTestId('user-menu').count()).toBe(0);
    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(401);
    expect(((await me.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    // A reload does not bring the session back.
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
  });
});

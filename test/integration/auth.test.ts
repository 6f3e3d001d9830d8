import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditList, Me, User } from '../../shared/api-auth';
import { ROLES, roleAtLeast, type Role } from '../../shared/roles';
import { startStack, TEST_PASSWORD } from '../support/stack';

let stack: Awaited<ReturnType<typeof startStack>>;
let clock = new Date('2026-11-23T09:00:00Z');
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));
let url = '';

beforeAll(async () => {
  stack = await startStack({ now: () => clock });
  url = stack.server.url;
});
afterAll(() => stack.close());

async function signIn(email: string, password = TEST_PASSWORD, origin = url) {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ email, password }) });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { status: res.status, setCookie, cookie: setCookie.split(';')[0]!, body: (await res.json()) as Me & { error?: { code: string; message: string } }, retryAfter: res.headers.get('retry-after') };
}

/** A request as the dashboard makes it: session cookie, our Origin, JSON. */
function withSession(cookie: string, init: RequestInit = {}, origin: string | null = url): RequestInit {
  return { ...init, headers: { cookie, 'content-type': 'application/json', ...(origin ? { origin } : {}), ...(init.headers as Record<string, string>) } };
}

const bearer = (role: Role) => ({ authorization: `Bearer ${stack.people.tokens[role]}` });
/** Ids that name nothing, so probing every route changes nothing. */
const concrete = (path: string) => path.replace(/:\w+/g, '999999');

describe('every /api route is protected', () => {
  it('lists the routes, so a new one cannot be forgotten', () => {
    const paths = stack.server.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    // Every /api route Hono knows was declared with its least role (none added around the registry).
    const registered = stack.server.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
    expect(new Set(registered)).toEqual(new Set(paths));
    expect(paths).toEqual(expect.arrayContaining(['GET /api/orders', 'POST /api/inbox/:id/replay', 'GET /api/audit', 'POST /api/users', 'GET /api/openapi.json']));
    expect(stack.server.routes.filter((r) => r.role === 'public').map((r) => r.path).sort()).toEqual(['/api/auth/login', '/api/auth/logout']);
  });

  it('answers 401 to an anonymous request on every non-public route', async () => {
    for (const route of stack.server.routes.filter((r) => r.role !== 'public')) {
      const res = await fetch(`${url}${concrete(route.path)}`, { method: route.method.toUpperCase(), ...(route.method === 'get' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }) });
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 403 to a role that is too weak, and lets the required role through (the role matrix)', async () => {
    for (const route of stack.server.routes.filter((r) => r.role !== 'public')) {
      for (const role of ROLES) {
        const res = await fetch(`${url}${concrete(route.path)}`, {
          method: route.method.toUpperCase(),
          headers: { ...bearer(role), 'content-type': 'application/json' },
          ...(route.method === 'get' ? {} : { body: '{}' }),
        });
        const allowed = roleAtLeast(role, route.role as Role);
        if (allowed) expect([401, 403], `${role} on ${route.method} ${route.path}`).not.toContain(res.status);
        else expect(res.status, `${role} on ${route.method} ${route.path}`).toBe(403);
      }
    }
  });

  it('leaves PSP notification endpoints public: their signatures protect them', async () => {
    const res = await fetch(`${url}/ipn/sips/sips-shop`, { method: 'POST', body: 'Data=x&Seal=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('SEAL_MALFORMED');
  });
});

describe('sign-in and sessions', () => {
  it('sets an httpOnly, SameSite=Strict session cookie and knows who is signed in', async () => {
    const { status, setCookie, cookie, body } = await signIn('agent@test.example');
    expect(status).toBe(200);
    expect(setCookie).toMatch(/^sr_session=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain HTTP here; Secure is set behind HTTPS
    expect(body).toMatchObject({ email: 'agent@test.example', role: 'agent', refundLimit: 5000, via: 'session' });
    const me = await fetch(`${url}/api/auth/me`, withSession(cookie));
    expect(((await me.json()) as Me).role).toBe('agent');
    // An agent cannot read the audit log.
    expect((await fetch(`${url}/api/audit`, withSession(cookie))).status).toBe(403);
  });

  it('gives the same answer for an unknown e-mail and a wrong password', async () => {
    const unknown = await signIn('nobody@test.example', 'whatever-password');
    const wrong = await signIn('viewer@test.example', 'not-the-password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('ends a session after 30 minutes without use, keeps it while used, and ends it after 12 hours anyway', async () => {
    const { cookie } = await signIn('viewer@test.example');
    for (let i = 0; i < 3; i++) {
      advance(25);
      expect((await fetch(`${url}/api/auth/me`, withSession(cookie))).status).toBe(200);
    }
    advance(31);
    expect((await fetch(`${url}/api/auth/me`, withSession(cookie))).status).toBe(401);

    const second = await signIn('viewer@test.example');
    for (let i = 0; i < 30; i++) {
      advance(25);
      if ((await fetch(`${url}/api/auth/me`, withSession(second.cookie))).status !== 200) break;
    }
    expect((await fetch(`${url}/api/auth/me`, withSession(second.cookie))).status).toBe(401);
  });

  it('signs out: the session is ended on the server, not only the cookie cleared', async () => {
    const { cookie } = await signIn('supervisor@test.example');
    const out = await fetch(`${url}/api/auth/logout`, withSession(cookie, { method: 'POST' }));
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/sr_session=;/);
    expect((await fetch(`${url}/api/auth/me`, withSession(cookie))).status).toBe(401);
  });

  it('revokes the sessions of a user who is disabled, or whose password is changed', async () => {
    const created = await stack.api<User>('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'temp@test.example', name: 'Temp', role: 'viewer', password: TEST_PASSWORD }) });
    const first = await signIn('temp@test.example');
    await stack.api(`/api/users/${created.id}/password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'another long passphrase 42' }) });
    expect((await fetch(`${url}/api/auth/me`, withSession(first.cookie))).status).toBe(401);
    expect((await signIn('temp@test.example')).status).toBe(401);

    const second = await signIn('temp@test.example', 'another long passphrase 42');
    expect(second.status).toBe(200);
    await stack.api(`/api/users/${created.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
    expect((await fetch(`${url}/api/auth/me`, withSession(second.cookie))).status).toBe(401);
    expect((await signIn('temp@test.example', 'another long passphrase 42')).status).toBe(401);
  });

  it('changing one’s own password ends the other sessions and keeps this one signed in', async () => {
    await stack.api<User>('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'own@test.example', name: 'Own', role: 'agent', password: TEST_PASSWORD }) });
    const laptop = await signIn('own@test.example');
    const phone = await signIn('own@test.example');
    const res = await fetch(`${url}/api/auth/password`, withSession(laptop.cookie, { method: 'POST', body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: 'my new kitchen passphrase' }) }));
    expect(res.status).toBe(200);
    const fresh = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${url}/api/auth/me`, withSession(fresh))).status).toBe(200);
    expect((await fetch(`${url}/api/auth/me`, withSession(phone.cookie))).status).toBe(401);
  });

  it('refuses weak passwords with the reason', async () => {
    for (const [password, reason] of [['short', 'at least 12'], ['Password2026!', 'common word'], ['123456789012', 'digits and symbols only'], ['weak@test.example-pass', 'e-mail']]) {
      const res = await fetch(`${url}/api/users`, { method: 'POST', headers: { ...bearer('admin'), 'content-type': 'application/json' }, body: JSON.stringify({ email: 'weak@test.example', name: 'Weak', role: 'viewer', password }) });
      expect(res.status, password).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, password).toContain(reason);
    }
  });
});

describe('rate limiting of sign-in', () => {
  it('locks an e-mail after 5 failures, even for the right password, with Retry-After', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('agent@test.example', `wrong guess ${i}`)).status).toBe(401);
    const locked = await signIn('agent@test.example');
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    advance(16);
    expect((await signIn('agent@test.example')).status).toBe(200);
  });

  it('locks an address after 20 failures across e-mails', async () => {
    for (let i = 0; i < 20; i++) await signIn(`spray${i}@test.example`, 'wrong guess');
    expect((await signIn('supervisor@test.example')).status).toBe(429);
    advance(16);
    expect((await signIn('supervisor@test.example')).status).toBe(200);
  });
});

describe('CSRF', () => {
  it('refuses state-changing requests with the session cookie from another origin, JSON bodies included', async () => {
    const { cookie } = await signIn('admin@test.example');
    const evil = await fetch(`${url}/api/users`, withSession(cookie, { method: 'POST', body: JSON.stringify({ email: 'x@test.example', name: 'X', role: 'admin', password: TEST_PASSWORD }) }, 'https://evil.example'));
    expect(evil.status).toBe(403);
    expect(((await evil.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
    const noOrigin = await fetch(`${url}/api/inbox/999999/replay`, withSession(cookie, { method: 'POST' }, null));
    expect(noOrigin.status).toBe(403);
    const sameSite = await fetch(`${url}/api/inbox/999999/replay`, withSession(cookie, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } }, null));
    expect(sameSite.status).toBe(404); // past the CSRF check and the role check: inbox #999999 does not exist
    expect((await signIn('admin@test.example', TEST_PASSWORD, 'https://evil.example')).status).toBe(403);
  });
});

describe('API tokens', () => {
  it('are shown once, work as Bearer, expire, and can be revoked', async () => {
    const created = await stack.api<{ token: string; item: { id: number; prefix: string } }>('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'accounting export', role: 'viewer', expiresInDays: 1 }) });
    expect(created.token.startsWith(created.item.prefix)).toBe(true);
    const list = await stack.api<{ items: object[] }>('/api/tokens');
    expect(JSON.stringify(list)).not.toContain(created.token);
    const use = () => fetch(`${url}/api/orders`, { headers: { authorization: `Bearer ${created.token}` } });
    expect((await use()).status).toBe(200);
    expect((await fetch(`${url}/api/users`, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(403);
    advance(24 * 60 + 1);
    expect((await use()).status).toBe(401);

    const other = await stack.api<{ token: string; item: { id: number } }>('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'probe', role: 'viewer', expiresInDays: 30 }) });
    await stack.api(`/api/tokens/${other.item.id}/revoke`, { method: 'POST' });
    expect((await fetch(`${url}/api/orders`, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(401);
  });
});

describe('tokens of a disabled creator', () => {
  it('stop working, and the list says so', async () => {
    const boss = await stack.api<User>('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'boss2@test.example', name: 'Boss', role: 'admin', password: TEST_PASSWORD }) });
    const { cookie } = await signIn('boss2@test.example');
    const created = (await (await fetch(`${url}/api/tokens`, withSession(cookie, { method: 'POST', body: JSON.stringify({ name: 'probe of boss2', role: 'viewer', expiresInDays: 30 }) }))).json()) as { token: string; item: { id: number; status: string } };
    expect(created.item.status).toBe('active');
    expect((await fetch(`${url}/api/orders`, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(200);
    await stack.api(`/api/users/${boss.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
    expect((await fetch(`${url}/api/orders`, { headers: { authorization: `Bearer ${created.token}` } })).status).toBe(401);
    const list = await stack.api<{ items: { id: number; status: string }[] }>('/api/tokens');
    expect(list.items.find((t) => t.id === created.item.id)?.status).toBe('creator_disabled');
  });
});

describe('audit log', () => {
  it('records nothing for a change that changes nothing', async () => {
    const before = await stack.as('supervisor')<AuditList>('/api/audit?limit=1');
    const viewer = stack.people.users.viewer;
    await stack.api(`/api/users/${viewer.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disabled: false, role: 'viewer' }) });
    expect((await stack.as('supervisor')<AuditList>('/api/audit?limit=1')).total).toBe(before.total);
  });

  it('filters by action prefix and actor literally: % and _ are not wildcards', async () => {
    expect((await stack.as('supervisor')<AuditList>('/api/audit?actor=%25')).total).toBe(0);
    const failed = await stack.as('supervisor')<AuditList>('/api/audit?action=auth.login_&limit=500');
    expect(failed.total).toBeGreaterThan(0);
    expect(failed.items.every((a) => a.action.startsWith('auth.login_'))).toBe(true);
  });

  it('has a row for each action the tests did, and cannot be changed', async () => {
    const audit = await stack.as('supervisor')<AuditList>('/api/audit?limit=500');
    const actions = new Set(audit.items.map((a) => a.action));
    for (const action of ['user.create', 'auth.login', 'auth.login_failed', 'auth.login_rate_limited', 'auth.logout', 'user.set_password', 'user.disable', 'user.change_own_password', 'token.create', 'token.revoke']) {
      expect(actions, action).toContain(action);
    }
    const disable = audit.items.find((a) => a.action === 'user.disable')!;
    expect(disable).toMatchObject({ actor: { type: 'token' }, objectType: 'user', before: { disabled: false }, after: { disabled: true } });
    expect(JSON.stringify(audit)).not.toMatch(/scrypt\$/);
    const failed = audit.items.find((a) => a.action === 'auth.login_failed')!;
    expect(failed.address).toBe('127.0.0.1');

    const db = new Database(stack.databasePath);
    try {
      expect(() => db.prepare('UPDATE audit_log SET action = ?').run('forged')).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});

describe('headers', () => {
  it('sends secure headers and no stack trace', async () => {
    const res = await fetch(`${url}/api/orders`, { headers: bearer('viewer') });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

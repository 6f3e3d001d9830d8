import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthService } from '../../server/auth/auth-service';
import { listen } from '../../server/server';
import type { Actor, UserRecord } from '../../server/storage/storage';
import type { OrderDetail, OrderList } from '../../shared/api';
import { ROLES, type Role } from '../../shared/roles';
import { SqliteStorage } from '../../server/storage/sqlite/sqlite-storage';
import { exampleConfigFor, type ExampleConfig } from '../../sandbox/config';
import { startSandbox } from '../../sandbox/sandbox';

export function tempDir(prefix = 'split-recon-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** One person per role (e-mail `<role>@test.example`, password TEST_PASSWORD) and an API token for each. */
async function seedPeople(auth: AuthService) {
  const system: Actor = { type: 'system', id: null, label: 'test setup', address: null };
  const users = {} as Record<Role, UserRecord>;
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const created = await auth.createUser({ email: `${role}@test.example`, name: `Test ${role}`, role, password: TEST_PASSWORD, refundLimit: role === 'agent' ? 5000 : null }, system);
    if (!created.ok) throw new Error(created.error.message);
    users[role] = created.value;
  }
  for (const role of ROLES) {
    const principal = { via: 'session' as const, userId: users.admin.id, tokenId: null, label: users.admin.email, name: 'admin', role: 'admin' as const, refundLimit: null, sessionHash: null };
    tokens[role] = (await auth.createToken(principal, { name: `test ${role}`, role, expiresInDays: 30 }, system)).token;
  }
  return { users, tokens };
}

/** A real server on a real SQLite file, with the PSP sandbox beside it, both on free localhost ports. */
export async function startStack(options: { clientDir?: string; now?: () => Date; editConfig?: (json: ExampleConfig) => void } = {}) {
  const dir = tempDir();
  const sandbox = await startSandbox(exampleConfigFor('http://127.0.0.1:8788', options.editConfig));
  const config = exampleConfigFor(sandbox.url, options.editConfig);
  const databasePath = join(dir.path, 'split-recon.sqlite');
  const storage = SqliteStorage.open(databasePath, { applyInWorker: true });
  const warnings: string[] = [];
  const server = await listen({ storage, config, clientDir: options.clientDir, now: options.now, log: { warn: (m) => warnings.push(m) }, importsDir: join(dir.path, 'imports') }, 0, '127.0.0.1');
  const people = await seedPeople(server.auth);
  const as =
    (role: Role) =>
    async <T = unknown>(path: string, init: RequestInit = {}): Promise<T> => {
      await storage.notificationsApplied();
      const response = await fetch(`${server.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${people.tokens[role]}` } });
      if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} as ${role}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
  return {
    people,
    /**
     * GET (or any request) on the API with the given role's token; throws on a non-2xx answer. Like
     * every caller below, it first waits until the notifications answered so far are applied to
     * their orders (applying follows answering by a few milliseconds).
     */
    as,
    api: as('admin'),
    /**
     * Signs a person in and answers a caller that talks to the API as the dashboard does (session
     * cookie, our Origin, JSON), answering status and body whatever the status: for checks of refusals
     * and of who did what (a token acts for the person who created it; a session is that person).
     */
    async signIn(email: string, password = TEST_PASSWORD) {
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ email, password }) });
      if (!login.ok) throw new Error(`sign-in of ${email}: ${login.status} ${await login.text()}`);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      return async <T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> => {
        await storage.notificationsApplied();
        const response = await fetch(`${server.url}${path}`, {
          method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
          headers: { cookie, origin: server.url, 'content-type': 'application/json' },
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        });
        return { status: response.status, body: (await response.json()) as T };
      };
    },
    /** The one order found by searching `q` (a reference, a call number...), in full; fails when not exactly one. */
    async orderBy(q: string): Promise<OrderDetail> {
      const list = await as('admin')<OrderList>(`/api/orders?q=${encodeURIComponent(q)}`);
      if (list.total !== 1) throw new Error(`expected one order for "${q}", found ${list.total}`);
      return as('admin')<OrderDetail>(`/api/orders/${list.items[0]!.id}`);
    },
    server,
    sandbox: sandbox.sandbox,
    sandboxUrl: sandbox.url,
    storage,
    config,
    databasePath,
    importsDir: join(dir.path, 'imports'),
    warnings,
    async close() {
      await server.close();
      await sandbox.close();
      await storage.close();
      dir.remove();
    },
  };
}

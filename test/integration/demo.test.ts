import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OrderList } from '../../shared/api';
import type { OperationList } from '../../shared/api-operations';
import { tempDir } from '../support/stack';

const dir = tempDir();
afterAll(() => dir.remove());

describe('npm run demo', () => {
  it('starts the product and the sandbox, fills orders, and prints working credentials', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
      env: { ...process.env, PORT: '0', SANDBOX_PORT: '0', DEMO_ORDERS: '40', DATABASE_PATH: join(dir.path, 'demo.sqlite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Press Ctrl+C')) resolve();
      });
      child.on('exit', () => reject(new Error(out)));
    });
    try {
      const url = /dashboard\s+(http:\/\/\S+)/.exec(out)![1]!;
      const viewer = /viewer\s+(viewer@demo\.example)\s+(\S+)/.exec(out)!;
      expect(out).toMatch(/sent\s+\d+ notifications for 40 orders/);
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ email: viewer[1], password: viewer[2] }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const orders = (await (await fetch(`${url}/api/orders?limit=100`, { headers: { cookie } })).json()) as OrderList;
      expect(orders.total).toBe(40);
      // Every PSP of the sandbox answered: Payline orders need the sandbox's getWebPaymentDetails.
      expect(new Set(orders.items.map((o) => o.psp))).toEqual(new Set(['sips', 'up2pay', 'axepta', 'payline']));
      // The PSPs' report files of the last days are imported, each applied whole.
      expect(out).toMatch(/imported\s+the PSP report files of the last 7 days \(\{"applied":\d+\}\)/);
      const imports = (await (await fetch(`${url}/api/imports?status=applied`, { headers: { cookie } })).json()) as { total: number };
      expect(imports.total).toBeGreaterThan(0);
      // The noise of the reports shows in the reconciliation queue.
      const queued = Number(/reconciled\s+(\d+) discrepancies/.exec(out)![1]);
      const queue = (await (await fetch(`${url}/api/discrepancies?limit=1`, { headers: { cookie } })).json()) as { total: number };
      expect(queued).toBeGreaterThan(0);
      expect(queue.total).toBeGreaterThanOrEqual(queued);
      // The agent's refunds went through the real flow: to the sandbox, or waiting for a supervisor.
      const asked = Number(/refunds\s+(\d+) asked by the agent/.exec(out)![1]);
      const operations = (await (await fetch(`${url}/api/operations`, { headers: { cookie } })).json()) as OperationList;
      expect(asked).toBeGreaterThan(0);
      expect(operations.total).toBe(asked);
      expect(operations.items.every((o) => o.requestedBy.name === 'Arthur Agent' && ['succeeded', 'awaiting_approval'].includes(o.state))).toBe(true);
    } finally {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
  });
});

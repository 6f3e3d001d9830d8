import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportDetail } from '../../shared/api-imports';
import { defaultNoise, ordersOn, type ReportFile, type ReportNoise } from '../../sandbox/reports';
import type { SandboxOrder } from '../../sandbox/orders';
import { startStack } from '../support/stack';

let stack: Awaited<ReturnType<typeof startStack>>;
let orders: SandboxOrder[];
let files: ReportFile[];
let noise: ReportNoise[];
const DAY = '2026-11-20';

/** Uploads a file as the dashboard does (multipart), waiting for the result. */
async function upload(file: { name: string; content: Buffer }, query = '', role: 'supervisor' | 'admin' = 'supervisor'): Promise<{ status: number; body: ImportDetail }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file.content)]), file.name);
  const response = await fetch(`${stack.server.url}/api/imports?wait=true${query}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${stack.people.tokens[role]}` } });
  return { status: response.status, body: (await response.json()) as ImportDetail };
}

beforeAll(async () => {
  stack = await startStack();
  orders = stack.sandbox.generate(80, { seed: 11, from: new Date('2026-11-20T07:00:00Z'), to: new Date('2026-11-20T20:00:00Z') });
  const delivered = await stack.sandbox.deliver(stack.server.url, orders, { seed: 5 });
  expect(delivered.byStatus).toEqual({ 200: delivered.sent });
  noise = defaultNoise(ordersOn(orders, DAY), 3);
  files = stack.sandbox.reports(DAY, { noise });
}, 60_000);
afterAll(() => stack.close());

describe('importing the sandbox report files', () => {
  it('applies every file, and the counts add up', async () => {
    for (const file of files) {
      const { status, body } = await upload(file);
      expect(status, `${file.name}: ${body.message}`).toBe(200);
      expect(body.status, `${file.name}: ${body.message} ${JSON.stringify(body.errors)}`).toBe('applied');
      expect(body.profile).toBe(file.profile);
      expect(body.accountId).toBe(file.accountId);
      expect(body.counts.rows).toBe(file.rows);
      expect(body.counts.errors).toBe(0);
    }
    const list = await stack.api<{ items: ImportDetail[] }>('/api/imports');
    expect(list.items).toHaveLength(files.length);
  }, 60_000);
});

import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { listen } from '../server/server';
import { SqliteStorage } from '../server/storage/sqlite/sqlite-storage';
import { exampleConfigFor } from '../sandbox/config';
import { startSandbox } from '../sandbox/sandbox';
import { defaultNoise, ordersOn } from '../sandbox/reports';
import { addDays, parisDay } from '../shared/time';
import { Readable } from 'node:stream';
import { agentOperations } from './demo-operations';

/**
 * `npm run demo`: the product and the PSP sandbox side by side, the dashboard filled with a few
 * hundred orders of every PSP (splits, voucher-only, card-only, refusals, pending, duplicates,
 * parts out of order) plus a few rejected requests to look at in the Inbox.
 */
const port = Number(process.env.PORT ?? 8787);
const databasePath = process.env.DATABASE_PATH ?? `data/demo-${Date.now()}.sqlite`;

const sandbox = await startSandbox(exampleConfigFor('http://127.0.0.1:8788'), Number(process.env.SANDBOX_PORT ?? 8788));
// The example accounts, pointed at wherever the sandbox listens.
const config = exampleConfigFor(sandbox.url);
const storage = SqliteStorage.open(databasePath, { applyInWorker: true });
const server = await listen({ storage, config, clientDir: resolve('dist/client'), importsDir: join(dirname(databasePath), 'imports') }, port);
const target = `http://127.0.0.1:${server.port}`;

// One person per kind of user, with a fresh password each run (the demo database is new each run).
const system = { type: 'system' as const, id: null, label: 'demo', address: null };
const people = [
  { email: 'admin@demo.example', name: 'Alice Admin', role: 'admin' as const },
  { email: 'agent@demo.example', name: 'Arthur Agent', role: 'agent' as const, refundLimit: 5000 },
  { email: 'viewer@demo.example', name: 'Vera Viewer (finance)', role: 'viewer' as const },
].map((p) => ({ ...p, password: `split-${randomBytes(3).toString('hex')}-recon-${randomBytes(3).toString('hex')}` }));
const users = [];
for (const p of people) {
  const created = await server.auth.createUser(p, system);
  if (!created.ok) throw new Error(created.error.message);
  users.push(created.value);
}

const orders = sandbox.sandbox.generate(Number(process.env.DEMO_ORDERS ?? 300), { seed: 2026 });
// One Sips split whose amounts do not add up, as a PSP defect would produce.
const broken = orders.find((o) => o.psp === 'sips' && o.parts.length === 2 && o.parts.every((p) => p.outcome === 'accepted'));
if (broken) broken.splitOverride = `SPLIT:${broken.parts[0]!.brand}:${broken.parts[0]!.transactionId}:${broken.parts[0]!.amount + 100}:CB:497010######0042:${broken.parts[1]!.amount}`;
const report = await sandbox.sandbox.deliver(target, orders, { duplicates: 0.1, shuffle: true });

// What an attacker or a misconfigured PSP would send: each is stored, rejected, and listed in the Inbox.
const rejected: [string, RequestInit][] = [
  ['/ipn/sips/sips-shop', { method: 'POST', body: 'Data=amount%3D100%7CmerchantId%3D011223344550000&Seal=00ff', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
  ['/ipn/up2pay/unknown-shop?Mt=100&Ref=X&Erreur=00000&Signature=abc', { method: 'GET' }],
  ['/ipn/axepta/axepta-shop', { method: 'POST', body: 'MerchantID=BNP_SANDBOX_MID&Len=10&Data=zz', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
];
for (const [path, init] of rejected) await fetch(`${target}${path}`, init);

// The PSPs' report files of the last days, as they arrive each morning, with what reports really hold:
// a missing row, an amount that differs, an operation done in the PSP's own back office.
const demoActor = { type: 'system' as const, id: null, label: 'demo (PSP reports of the morning)', address: null };
const today = parisDay(new Date());
const imported: Record<string, number> = {};
for (let back = 7; back >= 1; back--) {
  const day = addDays(today, -back);
  for (const file of sandbox.sandbox.reports(day, { noise: defaultNoise(ordersOn(orders, day), back) }).filter((f) => f.rows > 0)) {
    const result = await server.imports.run({ source: Readable.from([file.content]), fileName: file.name, channel: 'watch', actor: demoActor });
    imported[result.status] = (imported[result.status] ?? 0) + 1;
  }
}

const asked = await agentOperations(storage, server.operations, users[1]!);
const askedStates = asked.reduce<Record<string, number>>((n, o) => ({ ...n, [o.state]: (n[o.state] ?? 0) + 1 }), {});

await server.reconciler.runOnce();
server.reconciler.start();
server.operations.start();
const queue = await storage.discrepancies.counts({ status: 'active' });

console.log(`
Split Recon demo
  dashboard     http://localhost:${server.port}
  PSP sandbox   ${sandbox.url} (the cash requests it received: ${sandbox.url}/cash-calls)
  database      ${databasePath}
  sent          ${report.sent} notifications for ${report.orders} orders (${JSON.stringify(report.byStatus)}), plus ${rejected.length} rejected requests
  imported      the PSP report files of the last 7 days (${JSON.stringify(imported)})
  refunds       ${asked.length} asked by the agent through the PSP sandbox (${JSON.stringify(askedStates)})
  reconciled    ${queue.total} discrepancies to look at in the reconciliation queue
  sign in as
${people.map((p) => `    ${p.role.padEnd(8)} ${p.email.padEnd(22)} ${p.password}`).join('\n')}
Press Ctrl+C to stop.`);

const stop = async () => {
  await server.reconciler.stop();
  await server.operations.stop();
  await server.close();
  await sandbox.close();
  await storage.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

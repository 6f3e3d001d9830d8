import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../server/config/accounts';
import { DEFAULT_SYNCHRONOUS } from '../server/storage/sqlite/database';
import type { Message } from '../sandbox/notify';
import { Sandbox } from '../sandbox/sandbox';

/**
 * `npm run bench:ipn`: signed Up2pay and Sips notifications over loopback HTTP at concurrency 32
 * against the real server (its own process, a real SQLite file), then the same load against a
 * trivial Hono handler, in turns over several rounds; prints throughput, p50/p99 latency, CPU per
 * request and the ratio, and checks that every request the server answered is stored (and, in the
 * last round, applied to its order).
 */
const CONCURRENCY = 32;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30_000);
const WARMUP = 2_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const config = loadConfigFile('split-recon.config.example.json');
const sandbox = new Sandbox(config);
const orders = sandbox.generate(REQUESTS, { seed: 1, accountIds: ['up2pay-shop', 'sips-shop'] });
for (const o of orders) for (const p of o.parts) p.outcome = 'accepted';
const messages: Message[] = orders.flatMap((o) => sandbox.messages(o)).slice(0, REQUESTS + WARMUP);

// BENCH_PROFILE=<dir>: a V8 CPU profile of the Split Recon server under the load, to open in Chrome's DevTools.
const profile = (script: string) => (process.env.BENCH_PROFILE && script.startsWith('server/') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []);

function start(script: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...profile(script), '--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/listening|ready/i.test(chunk.toString())) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

interface Run {
  requests: number;
  /** CPU time per request, in µs: the server's process (all its threads), its main thread (HTTP), this load generator. */
  cpu: { server: number; main: number; client: number };
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<number, number>;
}

/** User + system CPU seconds a process (or, with `thread`, one of its threads) has used so far (Linux), or NaN elsewhere. */
function cpuSeconds(pid: number, thread?: number): number {
  try {
    const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function load(server: ChildProcess, port: number, list: readonly Message[]): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const send = (m: Message) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, agent, method: m.method, path: `/ipn/${m.psp}/${m.accountId}${m.query ? `?${m.query}` : ''}`, headers: m.method === 'POST' ? { 'content-type': m.contentType ?? '', 'content-length': Buffer.byteLength(m.body) } : {} },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(m.method === 'POST' ? m.body : undefined);
    });
  const run = async (slice: readonly Message[], latencies: number[] | null, statuses: Record<number, number>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < slice.length) {
          const m = slice[next++]!;
          const t0 = process.hrtime.bigint();
          const status = await send(m);
          latencies?.push(Number(process.hrtime.bigint() - t0) / 1e6);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }),
    );
  };
  await run(list.slice(0, WARMUP), null, {});
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const t0 = process.hrtime.bigint();
  const [serverCpu, mainCpu, clientCpu] = [cpuSeconds(server.pid!), cpuSeconds(server.pid!, server.pid!), process.cpuUsage()];
  await run(list.slice(WARMUP), latencies, statuses);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const client = process.cpuUsage(clientCpu);
  const perRequest = (seconds: number) => (seconds * 1e6) / latencies.length;
  const cpu = { server: perRequest(cpuSeconds(server.pid!) - serverCpu), main: perRequest(cpuSeconds(server.pid!, server.pid!) - mainCpu), client: (client.user + client.system) / latencies.length };
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { requests: latencies.length, cpu, seconds, perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), statuses };
}

/** Seconds from the last answer until every notification is applied to its order (applying follows answering). */
async function allApplied(databasePath: string, count: number): Promise<number> {
  const db = new Database(databasePath, { readonly: true });
  const t0 = process.hrtime.bigint();
  try {
    while ((db.prepare("SELECT count(*) FROM inbox WHERE outcome IN ('applied', 'duplicate')").pluck().get() as number) < count) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    db.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'bench-ipn-'));
try {
  console.log(`IPN benchmark: ${messages.length} signed notifications (Up2pay RSA-SHA1 + Sips SHA-256 seals), concurrency ${CONCURRENCY}, ${cpus().length} CPUs, Node ${process.version}, ${ROUNDS} rounds`);
  const fmt = (r: Run) => `${r.perSecond.toFixed(0).padStart(7)} req/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   (${r.requests} requests in ${r.seconds.toFixed(2)} s, HTTP ${JSON.stringify(r.statuses)}; CPU per request: server ${r.cpu.server.toFixed(0)} µs of which main thread ${r.cpu.main.toFixed(0)} µs, load generator ${r.cpu.client.toFixed(0)} µs)`;
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Each round on a fresh database; this machine's speed drifts, so the two servers take turns.
    const databasePath = join(dir, `bench-${round}.sqlite`);
    const server = await start('server/main.ts', { PORT: '18787', DATABASE_PATH: databasePath, SPLIT_RECON_CONFIG: 'split-recon.config.example.json' });
    const real = await load(server, 18787, messages);
    const lastRound = round === ROUNDS;
    const appliedAfter = lastRound ? await allApplied(databasePath, messages.length) : null;
    await new Promise((done) => (server.once('exit', done), server.kill()));
    const trivialServer = await start('bench/trivial-server.ts', { PORT: '18788' });
    const trivial = await load(trivialServer, 18788, messages);
    trivialServer.kill();

    const db = new Database(databasePath, { readonly: true });
    const stored = db.prepare("SELECT count(*) AS n, sum(outcome = 'applied') AS applied FROM inbox").get() as { n: number; applied: number };
    db.close();
    ratios.push(real.perSecond / trivial.perSecond);

    console.log(`round ${round}`);
    console.log(`  Split Recon     ${fmt(real)}`);
    console.log(`  trivial Hono    ${fmt(trivial)}`);
    console.log(`  ratio           ${ratios.at(-1)!.toFixed(2)} of the trivial handler's throughput`);
    console.log(`  stored          ${stored.n} inbox rows for ${messages.length} requests sent (SQLite WAL, synchronous=${DEFAULT_SYNCHRONOUS}: each answer follows its commit)`);
    if (appliedAfter !== null) {
      console.log(`  applied         ${stored.applied} to their orders, the last ${appliedAfter.toFixed(2)} s after the last answer (${(messages.length / (real.seconds + appliedAfter)).toFixed(0)} notifications/s from first answer to last applied)`);
    }
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(`ratio over ${ROUNDS} rounds: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)}, min ${sorted[0]!.toFixed(2)}, max ${sorted.at(-1)!.toFixed(2)} (target: at least 0.50)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { z } from 'zod';
import { PSPS } from '../shared/psp';
import type { AddressInfo } from 'node:net';
import type { Account, AppConfig, PaylineAccount } from '../server/config/accounts';
import { messagesFor, type Message } from './notify';
import { generateOrders, seededRandom, type SandboxOrder } from './orders';
import { soapAnswer, tokenOfRequest, UNKNOWN_TOKEN, type PaylineDetails } from './payline';
import type { CashCall, CashContext, MountCash } from './cash/context';
import { mountAxeptaCash } from './cash/axepta';
import { FAULT_MODES, Faults } from './cash/faults';
import { Ledger } from './cash/ledger';
import { mountPaylineCash } from './cash/payline';
import { mountSipsCash } from './cash/sips';
import { mountUp2payCash } from './cash/up2pay';
import { operationsReport, ordersOn, transactionsReport, type ReportFile, type ReportNoise } from './reports';

export interface DeliveryOptions {
  /** Share of notifications sent twice, as PSPs retry. */
  duplicates?: number;
  /** Send the notifications of each order in a shuffled order (parts, and final before pending). */
  shuffle?: boolean;
  concurrency?: number;
  seed?: number;
}

export interface DeliveryReport {
  orders: number;
  sent: number;
  byStatus: Record<string, number>;
}

/**
 * A local stand-in for the four PSPs: it signs and sends notifications to a Split Recon URL and
 * answers Payline's getWebPaymentDetails, with the keys of the accounts in the configuration.
 */
export class Sandbox {
  readonly app = new Hono();
  private readonly paylineTokens = new Map<string, PaylineDetails>();
  /** Every order generate() returned (the latest of the same account, reference and call number): what reports() covers. */
  private readonly generated = new Map<string, SandboxOrder>();
  /** The PSPs' books: what each accepted and every cash operation performed since. */
  readonly ledger = new Ledger(() => [...this.generated.values()].reverse());
  /** How the cash APIs misbehave on their next calls (tests set it). */
  readonly faults = new Faults();
  /** Every cash request received, with whether its signature was valid. */
  readonly cashCalls: CashCall[] = [];

  constructor(readonly config: AppConfig) {
    const cash: CashContext = { config, ledger: this.ledger, faults: this.faults, calls: this.cashCalls };
    for (const mount of CASH_APIS) mount(this.app, cash);
    this.app.post('/payline/V4/services/WebPaymentAPI', async (c) => {
      const account = this.paylineAccount(c.req.header('authorization'));
      if (!account) return c.text('Unauthorized', 401);
      const token = tokenOfRequest(await c.req.text());
      const details = (token && this.paylineTokens.get(token)) || UNKNOWN_TOKEN;
      return c.body(soapAnswer('getWebPaymentDetails', details), 200, { 'content-type': 'text/xml; charset=utf-8' });
    });
    this.app.get('/health', (c) => c.json({ ok: true }));
    // What the PSPs received, for a person checking the demo: one line per cash request, its signature verdict and answer.
    this.app.get('/cash-calls', (c) => c.json(this.cashCalls.map(({ body: _body, ...call }) => call)));
    // How the cash APIs misbehave next, for a person trying the product by hand: {"mode": "timeout_after_work", "psp": "sips", "times": 1}.
    this.app.post('/faults', async (c) => {
      const setting = FaultSettingSchema.safeParse(await c.req.json().catch(() => null));
      if (!setting.success) return c.json({ error: setting.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') }, 400);
      this.faults.set(setting.data);
      return c.json({ ok: true, fault: setting.data });
    });
    this.app.delete('/faults', (c) => (this.faults.clear(), c.json({ ok: true })));
  }

  private paylineAccount(authorization: string | undefined): PaylineAccount | undefined {
    const m = /^Basic (.+)$/.exec(authorization ?? '');
    if (!m) return undefined;
    const [user, key] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
    return [...this.config.accounts.values()].find((a): a is PaylineAccount => a.psp === 'payline' && a.merchantId === user && a.accessKey === key);
  }

  account(id: string): Account {
    const account = this.config.accounts.get(id);
    if (!account) throw new Error(`the sandbox has no account ${id}`);
    return account;
  }

  /** Random realistic orders spread over the given days, one account after the other. */
  generate(count: number, options: { seed?: number; from?: Date; to?: Date; accountIds?: string[] } = {}): SandboxOrder[] {
    const to = options.to ?? new Date();
    const accounts = (options.accountIds ?? [...this.config.accounts.keys()]).map((id) => this.account(id));
    const orders = generateOrders({ accounts, count, seed: options.seed, from: options.from ?? new Date(to.getTime() - 30 * 86_400_000), to });
    this.adopt(orders);
    return orders;
  }

  /**
   * The report files the PSPs deliver the morning after `day` (Paris, YYYY-MM-DD) for the orders this
   * sandbox generated on that day: per account, its transactions report (none for Axepta) then its
   * operations report, with the noise given (none by default; see defaultNoise in ./reports).
   */
  reports(day: string, options: { noise?: ReportNoise[] } = {}): ReportFile[] {
    const orders = ordersOn([...this.generated.values()], day);
    return [...this.config.accounts.values()].flatMap((account) => {
      const transactions = transactionsReport(orders, account, { day, noise: options.noise });
      const performed = this.ledger.on(day, account.id);
      return [...(transactions ? [transactions] : []), operationsReport(orders, account, { day, noise: options.noise, performed })];
    });
  }

  messages(order: SandboxOrder): Message[] {
    return messagesFor(order, this.account(order.accountId));
  }

  /** Adds orders built elsewhere (tests' own scenarios) to what the PSPs know. */
  adopt(orders: readonly SandboxOrder[]): void {
    for (const o of orders) this.generated.set(`${o.accountId}\u0000${o.reference}\u0000${o.callNumber}`, o);
  }

  /** Makes this PSP answer for the message (Payline: what getWebPaymentDetails returns for its token). */
  issue(message: Message): void {
    if (message.payline) this.paylineTokens.set(message.payline.token, message.payline.details);
  }

  /** Sends one notification to Split Recon at `target` and returns the HTTP answer. */
  async send(target: string, message: Message): Promise<{ status: number; text: string }> {
    this.issue(message);
    const url = `${target.replace(/\/+$/, '')}/ipn/${message.psp}/${message.accountId}${message.query ? `?${message.query}` : ''}`;
    const response = await fetch(url, {
      method: message.method,
      ...(message.method === 'POST' ? { body: message.body, headers: message.contentType ? { 'content-type': message.contentType } : {} } : {}),
    });
    return { status: response.status, text: await response.text() };
  }

  /** Delivers the orders' notifications: each order's in sequence, several orders at once. */
  async deliver(target: string, orders: readonly SandboxOrder[], options: DeliveryOptions = {}): Promise<DeliveryReport> {
    const rng = seededRandom(options.seed ?? 7);
    const report: DeliveryReport = { orders: orders.length, sent: 0, byStatus: {} };
    const chains = orders.map((order) => {
      let list = this.messages(order);
      // Payline's answer depends on when it is asked, so its notifications keep their order.
      if (options.shuffle && order.psp !== 'payline') list = shuffle(list, rng);
      return list.flatMap((m) => (rng() < (options.duplicates ?? 0) ? [m, m] : [m]));
    });
    let next = 0;
    const worker = async () => {
      while (next < chains.length) {
        const chain = chains[next++]!;
        for (const message of chain) {
          const { status } = await this.send(target, message);
          report.sent++;
          report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
    return report;
  }
}

const FaultSettingSchema = z
  .object({
    mode: z.enum(FAULT_MODES),
    delayMs: z.number().int().min(0).max(120_000).optional(),
    psp: z.enum(PSPS).optional(),
    times: z.number().int().min(1).optional(),
  })
  .strict();

/** One cash API per PSP (sandbox/cash/<psp>.ts). */
const CASH_APIS: MountCash[] = [mountSipsCash, mountUp2payCash, mountAxeptaCash, mountPaylineCash];

function shuffle<T>(items: readonly T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface RunningSandbox {
  sandbox: Sandbox;
  url: string;
  close(): Promise<void>;
}

export function startSandbox(config: AppConfig, port = 0): Promise<RunningSandbox> {
  const sandbox = new Sandbox(config);
  return new Promise((resolve) => {
    const server = serve({ fetch: sandbox.app.fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        sandbox,
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

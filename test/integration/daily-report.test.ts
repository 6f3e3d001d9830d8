import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail, OrderList } from '../../shared/api';
import type { DailyReport, DailyReportRow, ReportFigures } from '../../shared/api-reports';
import { defaultNoise, ordersOn } from '../../sandbox/reports';
import type { SandboxOrder } from '../../sandbox/orders';
import { unzip } from '../support/unzip';
import { startStack } from '../support/stack';

/**
 * The daily report over HTTP, against what the API's own order list says: every figure is computed
 * here again, from GET /api/orders and /api/orders/:id, with this file's own notion of a Paris day
 * (Intl, not shared/time.ts) and its own status lists, never by running the report's SQL.
 */

let stack: Awaited<ReturnType<typeof startStack>>;
let orders: OrderDetail[];
const NOW = new Date('2026-11-05T23:30:00Z'); // 00:30 on 6 November in Paris

const parisDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const parisDay = (iso: string) => parisDayFormat.format(new Date(iso));
const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const nextDay = (day: string) => shiftDay(day, 1);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const ACCEPTED = ['TO_VALIDATE', 'TO_CAPTURE', 'CAPTURED'];
const PENDING = ['PENDING', 'TO_VALIDATE'];
const FAILED = ['REFUSED', 'CANCELLED', 'EXPIRED'];

const report = (query: string) => stack.as('viewer')<DailyReport>(`/api/reports/daily?${query}`);

/** Orders at chosen instants on either side of Paris midnights, in summer, in winter and on both change days. */
const BOUNDARIES = [
  { at: '2026-07-14T21:30:00Z', day: '2026-07-14', what: '23:30 in summer (UTC+2)' },
  { at: '2026-07-14T22:30:00Z', day: '2026-07-15', what: '00:30 the next day in summer' },
  { at: '2026-12-10T22:30:00Z', day: '2026-12-10', what: '23:30 in winter (UTC+1)' },
  { at: '2026-12-10T23:30:00Z', day: '2026-12-11', what: '00:30 the next day in winter' },
  { at: '2026-03-28T23:30:00Z', day: '2026-03-29', what: '00:30 on the spring change day (23 hours)' },
  { at: '2026-03-29T21:30:00Z', day: '2026-03-29', what: '23:30 on the spring change day' },
  { at: '2026-10-25T22:30:00Z', day: '2026-10-25', what: '23:30 on the autumn change day (25 hours)' },
] as const;
let boundaryOrders: SandboxOrder[];

// ---------------------------------------------------------------------------------------------
// The expected report, from the API's orders

const zero = (currency: string): ReportFigures => ({ currency, orders: 0, parts: 0, gross: 0, voucher: 0, card: 0, refunds: 0, net: 0, pendingCount: 0, pendingAmount: 0, failedCount: 0, captured: 0 });

function expectedReport(all: readonly OrderDetail[], from: string, to: string, filter: { account?: string; psp?: string } = {}): DailyReport {
  const chosen = all.filter((o) => parisDay(o.createdAt) >= from && parisDay(o.createdAt) <= to && (!filter.account || o.accountId === filter.account) && (!filter.psp || o.psp === filter.psp));
  const rows = new Map<string, DailyReportRow & { orderIds: Set<number> }>();
  for (const order of chosen) {
    for (const part of order.parts) {
      const key = [parisDay(order.createdAt), order.accountId, part.kind, part.brand, part.currency].join('|');
      const row = rows.get(key) ?? { day: parisDay(order.createdAt), accountId: order.accountId, psp: order.psp, kind: part.kind, brand: part.brand, ...zero(part.currency), orderIds: new Set<number>() };
      rows.set(key, row);
      row.orderIds.add(order.id);
      row.orders = row.orderIds.size;
      row.parts += 1;
      const accepted = ACCEPTED.includes(part.status) ? part.amount : 0;
      row.gross += accepted;
      if (part.kind === 'voucher') row.voucher += accepted;
      else row.card += accepted;
      row.refunds += part.refundedAmount;
      row.net += accepted - part.refundedAmount;
      if (PENDING.includes(part.status)) (row.pendingCount += 1), (row.pendingAmount += part.amount);
      if (FAILED.includes(part.status)) row.failedCount += 1;
      row.captured += part.capturedAmount;
    }
  }
  const list = [...rows.values()]
    .map(({ orderIds: _ids, ...row }) => row)
    .sort((a, b) => cmp(a.day, b.day) || cmp(a.accountId, b.accountId) || (a.kind === b.kind ? 0 : a.kind === 'voucher' ? -1 : 1) || cmp(a.brand, b.brand));
  const sum = (items: readonly ReportFigures[], currency: string, orderCount: number): ReportFigures => {
    const total = zero(currency);
    for (const item of items) for (const k of Object.keys(total) as (keyof ReportFigures)[]) if (k !== 'currency' && k !== 'orders') total[k] += item[k];
    return { ...total, orders: orderCount };
  };
  const days: DailyReport['days'] = [];
  for (let day = from; day <= to; day = nextDay(day)) {
    const dayRows = list.filter((r) => r.day === day);
    const dayOrders = chosen.filter((o) => parisDay(o.createdAt) === day);
    days.push({ day, rows: dayRows, totals: dayOrders.length ? [sum(dayRows, 'EUR', dayOrders.length)] : [] });
  }
  const vouchers = new Map<string, DailyReport['settlement']['vouchers'][number]>();
  const cards = new Map<string, DailyReport['settlement']['cards'][number]>();
  for (const row of list) {
    const settle =
      row.kind === 'voucher'
        ? (vouchers.get(row.brand) ?? vouchers.set(row.brand, { brand: row.brand, currency: 'EUR', parts: 0, captured: 0, refunds: 0, expected: 0 }).get(row.brand)!)
        : (cards.get(`${row.accountId}|${row.brand}`) ?? cards.set(`${row.accountId}|${row.brand}`, { accountId: row.accountId, psp: row.psp, brand: row.brand, currency: 'EUR', parts: 0, captured: 0, refunds: 0, expected: 0 }).get(`${row.accountId}|${row.brand}`)!);
    settle.parts += row.parts;
    settle.captured += row.captured;
    settle.refunds += row.refunds;
    settle.expected += row.captured - row.refunds;
  }
  return {
    from,
    to,
    account: filter.account ?? null,
    psp: (filter.psp as DailyReport['psp']) ?? null,
    days,
    totals: chosen.length ? [sum(list, 'EUR', chosen.length)] : [],
    settlement: {
      vouchers: [...vouchers.values()].sort((a, b) => cmp(a.brand, b.brand)),
      cards: [...cards.values()].sort((a, b) => cmp(a.accountId, b.accountId) || cmp(a.brand, b.brand)),
    },
  };
}

async function upload(file: { name: string; content: Buffer }) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file.content)]), file.name);
  const response = await fetch(`${stack.server.url}/api/imports?wait=true`, { method: 'POST', body: form, headers: { authorization: `Bearer ${stack.people.tokens.supervisor}` } });
  expect(response.status, await response.clone().text()).toBe(200);
  expect(((await response.json()) as { status: string }).status).toBe('applied');
}

async function allOrders(): Promise<OrderDetail[]> {
  const list = await stack.api<OrderList>('/api/orders?limit=500');
  expect(list.total).toBeLessThanOrEqual(500);
  return Promise.all(list.items.map((o) => stack.api<OrderDetail>(`/api/orders/${o.id}`)));
}

beforeAll(async () => {
  stack = await startStack({ now: () => NOW });
  // The boundary orders first, alone on their days: Sips and Up2pay notifications carry the payment time.
  boundaryOrders = BOUNDARIES.map((b, i) => {
    const [order] = stack.sandbox.generate(1, { seed: 100 + i, from: new Date(b.at), to: new Date(b.at), accountIds: [i % 2 ? 'sips-shop' : 'up2pay-shop'] });
    for (const p of order!.parts) p.outcome = 'accepted';
    return order!;
  });
  const first = await stack.sandbox.deliver(stack.server.url, boundaryOrders);
  expect(first.byStatus).toEqual({ 200: first.sent });
}, 60_000);
afterAll(() => stack.close());

describe('Paris days', () => {
  it('counts an order on the Paris day of its creation, on either side of midnight, in summer, in winter and on change days', async () => {
    for (const [i, b] of BOUNDARIES.entries()) {
      const order = boundaryOrders[i]!;
      const amount = order.parts.reduce((s, p) => s + p.amount, 0);
      const before = shiftDay(b.day, -1);
      const got = await report(`from=${before}&to=${nextDay(b.day)}`);
      const byDay = Object.fromEntries(got.days.map((d) => [d.day, d.totals[0] ?? null]));
      // Only one boundary order per day except the change days, which hold two: count it on its day.
      expect(byDay[b.day], b.what).not.toBeNull();
      const others = BOUNDARIES.filter((x, j) => j !== i && x.day === b.day).map((x) => boundaryOrders[BOUNDARIES.indexOf(x)]!);
      const othersAmount = others.reduce((s, o) => s + o.parts.reduce((t, p) => t + p.amount, 0), 0);
      expect({ orders: byDay[b.day]!.orders, gross: byDay[b.day]!.gross }, b.what).toEqual({ orders: 1 + others.length, gross: amount + othersAmount });
      for (const day of [before, nextDay(b.day)]) {
        const neighbours = BOUNDARIES.filter((x) => x.day === day).length;
        expect(byDay[day]?.orders ?? 0, `${b.what}: nothing of it on ${day}`).toBe(neighbours);
      }
    }
  });
});

describe('GET /api/reports/daily', () => {
  beforeAll(async () => {
    // A realistic stream over two weeks across the autumn change, shuffled with duplicates.
    const stream = stack.sandbox.generate(150, { seed: 61, from: new Date('2026-10-18T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') });
    const delivered = await stack.sandbox.deliver(stack.server.url, stream, { shuffle: true, duplicates: 0.2, seed: 4 });
    expect(delivered.byStatus).toEqual({ 200: delivered.sent });
    // Two days of PSP reports: captures, and refunds done in the PSPs' back offices.
    for (const day of ['2026-10-22', '2026-10-26']) {
      const noise = defaultNoise(ordersOn(stream, day), 5).filter((n) => n.type === 'outside_operation' && n.operation === 'refund');
      for (const file of stack.sandbox.reports(day, { noise })) await upload(file);
    }
    orders = await allOrders();
    expect(orders.some((o) => o.parts.some((p) => p.refundedAmount > 0))).toBe(true);
    expect(orders.some((o) => o.parts.some((p) => p.capturedAmount > 0))).toBe(true);
  }, 60_000);

  it('gives, per day, account and brand, the figures the orders add up to, with day totals, range totals and settlement', async () => {
    const got = await report('from=2026-03-01&to=2026-12-31');
    expect(got).toEqual(expectedReport(orders, '2026-03-01', '2026-12-31'));
    // Sanity of the fixture: refunds, pending and failures all occur.
    expect(got.totals[0]!.refunds).toBeGreaterThan(0);
    expect(got.totals[0]!.failedCount).toBeGreaterThan(0);
    expect(got.totals[0]!.orders).toBe(orders.filter((o) => parisDay(o.createdAt) >= '2026-03-01' && parisDay(o.createdAt) <= '2026-12-31').length);
  });

  it('filters by account and by PSP', async () => {
    expect(await report('from=2026-10-15&to=2026-11-10&account=up2pay-shop')).toEqual(expectedReport(orders, '2026-10-15', '2026-11-10', { account: 'up2pay-shop' }));
    expect(await report('from=2026-10-15&to=2026-11-10&psp=sips')).toEqual(expectedReport(orders, '2026-10-15', '2026-11-10', { psp: 'sips' }));
  });

  it('defaults to the last 30 Paris days, today included', async () => {
    const got = await report('');
    // NOW is 23:30 UTC on 5 November: already the 6th in Paris.
    expect({ from: got.from, to: got.to, days: got.days.length }).toEqual({ from: '2026-10-08', to: '2026-11-06', days: 30 });
    expect(got).toEqual(expectedReport(orders, '2026-10-08', '2026-11-06'));
  });

  it('refuses a range backwards, longer than 400 days or with a day that does not exist, naming the parameter', async () => {
    const viewer = { authorization: `Bearer ${stack.people.tokens.viewer}` };
    for (const [query, field] of [
      ['from=2026-11-02&to=2026-11-01', 'query.from'],
      ['from=2025-01-01&to=2026-12-31', 'query.from'],
      ['to=2026-13-01', 'query.to'],
      ['from=2026-02-30', 'query.from'],
      ['psp=stripe', 'query.psp'],
    ] as const) {
      const response = await fetch(`${stack.server.url}/api/reports/daily?${query}`, { headers: viewer });
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { field: string } }).error.field, query).toBe(field);
    }
    expect((await fetch(`${stack.server.url}/api/reports/daily`)).status).toBe(401);
    // Exactly 400 days is allowed.
    expect((await report('from=2025-10-03&to=2026-11-06')).days).toHaveLength(400);
  });
});

// ---------------------------------------------------------------------------------------------
// CSV

/** RFC 4180 with the given separator; enough for this file's own output. */
function parseCsv(text: string, separator: string): string[][] {
  const lines: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field), lines.push(row), (row = []), (field = ''), i++;
    } else field += ch;
  }
  expect(field === '' && row.length === 0, 'the file ends with CRLF').toBe(true);
  return lines;
}

/** `-12,34` or `-12.34` → -1234 cents, by the digits, never through a float. */
function cents(text: string, decimal: string): number {
  const m = new RegExp(`^(-?)(\\d+)\\${decimal}(\\d{2})$`).exec(text);
  if (!m) throw new Error(`not an amount with "${decimal}": ${text}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}

const CSV_FORMATS = {
  fr: { separator: ';', decimal: ',', day: (t: string) => `${t.slice(6, 10)}-${t.slice(3, 5)}-${t.slice(0, 2)}`, kind: { titre: 'voucher', carte: 'card' } as Record<string, string>, bom: true },
  en: { separator: ',', decimal: '.', day: (t: string) => t, kind: { voucher: 'voucher', card: 'card' } as Record<string, string>, bom: false },
};

describe('GET /api/reports/daily.csv', () => {
  for (const format of ['fr', 'en'] as const) {
    it(`(${format}) parses back to the JSON report's rows`, async () => {
      const style = CSV_FORMATS[format];
      const query = 'from=2026-10-15&to=2026-11-10';
      const response = await fetch(`${stack.server.url}/api/reports/daily.csv?${query}&format=${format}`, { headers: { authorization: `Bearer ${stack.people.tokens.viewer}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${format === 'fr' ? 'rapport-quotidien' : 'daily-report'}_2026-10-15_2026-11-10.csv"`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual(style.bom ? [0xef, 0xbb, 0xbf] : [...new TextEncoder().encode('day')]);
      const [header, ...lines] = parseCsv(new TextDecoder().decode(bytes.slice(style.bom ? 3 : 0)), style.separator);
      expect(header![0]).toBe(format === 'fr' ? 'Jour' : 'day');
      if (format === 'fr') expect(header).toContain('Échecs (nombre)');

      const json = await report(query);
      const rows = json.days.flatMap((d) => d.rows);
      expect(lines.length).toBe(rows.length);
      expect(rows.length).toBeGreaterThan(10);
      const parsed = lines.map((cells) => {
        expect(cells).toHaveLength(18);
        const [day, accountId, psp, kind, brand, , currency, orders, parts, gross, voucher, card, refunds, net, pendingCount, pendingAmount, failedCount, captured] = cells as string[];
        const money = (t: string | undefined) => cents(t!, style.decimal);
        return {
          day: style.day(day!),
          accountId,
          psp,
          kind: style.kind[kind!],
          brand,
          currency,
          orders: Number(orders),
          parts: Number(parts),
          gross: money(gross),
          voucher: money(voucher),
          card: money(card),
          refunds: money(refunds),
          net: money(net),
          pendingCount: Number(pendingCount),
          pendingAmount: money(pendingAmount),
          failedCount: Number(failedCount),
          captured: money(captured),
        };
      });
      expect(parsed).toEqual(rows);
      if (format === 'fr') expect(lines.some((l) => /^\d{2}\/\d{2}\/\d{4}$/.test(l[0]!) && l[5] === 'Up Chèque Déjeuner')).toBe(true);
    });
  }

  it('declares its role and schema like every route: 401 signed out, 400 on a bad format', async () => {
    expect((await fetch(`${stack.server.url}/api/reports/daily.csv`)).status).toBe(401);
    const bad = await fetch(`${stack.server.url}/api/reports/daily.csv?format=xlsx`, { headers: { authorization: `Bearer ${stack.people.tokens.viewer}` } });
    expect(bad.status).toBe(400);
    const doc = await stack.as('viewer')<{ paths: Record<string, { get: { responses: Record<string, { content: Record<string, unknown> }> } }> }>('/api/openapi.json');
    expect(Object.keys(doc.paths['/api/reports/daily.csv']!.get.responses['200']!.content)).toEqual(['text/csv']);
  });
});

describe('GET /api/reports/daily.xlsx', () => {
  it('opens as a workbook whose rows are the JSON report\'s: amounts as numbers, days as dates', async () => {
    const query = 'from=2026-10-15&to=2026-11-10';
    const response = await fetch(`${stack.server.url}/api/reports/daily.xlsx?${query}&format=fr`, { headers: { authorization: `Bearer ${stack.people.tokens.viewer}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="rapport-quotidien_2026-10-15_2026-11-10.xlsx"');
    const sheet = unzip(Buffer.from(await response.arrayBuffer())).get('xl/worksheets/sheet1.xml')!.toString('utf8');
    const rowsXml = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map((m) => [...m[2]!.matchAll(/<c r="[A-Z]+\d+"[^>]*>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>/g)].map((c) => c[1] ?? c[2]!));
    const [header, ...lines] = rowsXml;
    expect(header).toHaveLength(18);
    expect(header![0]).toBe('Jour');
    const rows = (await report(query)).days.flatMap((d) => d.rows);
    expect(lines.length).toBe(rows.length);
    const epoch = Date.UTC(1899, 11, 30);
    const decimalToCents = (t: string) => {
      const [units, fraction = ''] = t.replace('-', '').split('.');
      return (t.startsWith('-') ? -1 : 1) * (Number(units) * 100 + Number(fraction.padEnd(2, '0')));
    };
    lines.forEach((cells, i) => {
      const row = rows[i]!;
      expect(new Date(epoch + Number(cells[0]) * 86_400_000).toISOString().slice(0, 10)).toBe(row.day);
      expect([cells[1], cells[2], cells[4], cells[6]]).toEqual([row.accountId, row.psp, row.brand, row.currency]);
      expect([cells[7], cells[8]].map(Number)).toEqual([row.orders, row.parts]);
      expect([cells[9], cells[12], cells[13], cells[17]].map((c) => decimalToCents(c!))).toEqual([row.gross, row.refunds, row.net, row.captured]);
    });
  });
});

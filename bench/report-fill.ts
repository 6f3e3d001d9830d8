import type { Db } from '../server/storage/sqlite/database';
import { seededRandom } from '../sandbox/orders';
import type { PartStatus, Psp } from '../shared/psp';

/**
 * Fills a migrated database with `count` orders spread over [from, to) and their parts, written
 * directly with SQL in large transactions (no notification, no event): the shape of a year of
 * payments for the report benchmark, not a test of the write path. Orders are split voucher + card
 * (most), voucher only or card only, with refusals, pending parts, cancellations and refunds.
 */
export interface FillOptions {
  count: number;
  from: Date;
  to: Date;
  seed?: number;
  /** Number of the first order, for references and group keys (to add orders to a filled database). */
  first?: number;
  accounts?: readonly { id: string; psp: Psp }[];
  /** Called after each transaction with the number of orders written so far. */
  progress?: (written: number) => void;
}

const DEFAULT_ACCOUNTS: readonly { id: string; psp: Psp }[] = [
  { id: 'sips-shop', psp: 'sips' },
  { id: 'up2pay-shop', psp: 'up2pay' },
  { id: 'axepta-shop', psp: 'axepta' },
  { id: 'payline-shop', psp: 'payline' },
];
const VOUCHERS: Record<Psp, readonly string[]> = {
  sips: ['APETIZ', 'SODEXO', 'UPCHEQUDEJ'],
  up2pay: ['APETIZ', 'SODEXO', 'UPCHEQUDEJ', 'CVCONNECT'],
  axepta: ['APETIZ', 'SODEXO', 'UPCHEQUDEJ'],
  payline: [],
};
const CARDS: Record<Psp, readonly string[]> = {
  sips: ['CB', 'CB', 'VISA', 'MASTERCARD'],
  up2pay: ['LIMOCB'],
  axepta: ['CB', 'VISA'],
  payline: ['PAYCONIQ'],
};
const BATCH = 50_000;

export function fillOrders(db: Db, options: FillOptions): void {
  const rng = seededRandom(options.seed ?? 2026);
  const accounts = options.accounts ?? DEFAULT_ACCOUNTS;
  const from = options.from.getTime();
  const span = options.to.getTime() - from;
  const insertOrder = db.prepare(`INSERT INTO orders (account_id, psp, group_key, reference, call_number, currency, expected_amount, amount,
    voucher_amount, card_amount, status, brands, part_count, customer_email, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, 'EUR', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertPart = db.prepare(`INSERT INTO parts (order_id, part_key, kind, brand, amount, currency, status, psp_transaction_id,
    authorisation_id, captured_amount, refunded_amount, first_source, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, 'EUR', ?, ?, ?, ?, ?, 'notification', ?, ?)`);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  const between = (min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

  const writeBatch = db.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) {
      const account = accounts[i % accounts.length]!;
      const createdAt = new Date(from + Math.floor(rng() * span)).toISOString();
      const roll = rng();
      const outcome: PartStatus = roll < 0.8 ? 'CAPTURED' : roll < 0.88 ? 'REFUSED' : roll < 0.92 ? 'TO_CAPTURE' : roll < 0.95 ? 'CANCELLED' : roll < 0.97 ? 'TO_VALIDATE' : roll < 0.98 ? 'EXPIRED' : 'PENDING';
      const shape = account.psp === 'payline' ? 'card' : rng() < 0.7 ? 'split' : rng() < 0.6 ? 'voucher' : 'card';
      const parts: { kind: 'voucher' | 'card'; brand: string; amount: number; status: PartStatus }[] = [];
      if (shape !== 'card') parts.push({ kind: 'voucher', brand: pick(VOUCHERS[account.psp]), amount: between(150, 1900), status: outcome });
      if (shape !== 'voucher') {
        const status: PartStatus = shape === 'split' && outcome === 'CAPTURED' && rng() < 0.03 ? 'REFUSED' : outcome;
        parts.push({ kind: 'card', brand: pick(CARDS[account.psp]), amount: between(100, 6000), status });
      }
      const accepted = parts.filter((p) => p.status === 'CAPTURED' || p.status === 'TO_CAPTURE' || p.status === 'TO_VALIDATE');
      const sum = (list: typeof parts, kind?: string) => list.filter((p) => !kind || p.kind === kind).reduce((s, p) => s + p.amount, 0);
      const status = accepted.length === parts.length ? 'paid' : accepted.length ? 'split_inconsistent' : outcome === 'PENDING' ? 'pending' : 'refused';
      const reference = `CMD-${i}`;
      const orderId = Number(
        insertOrder.run(
          account.id,
          account.psp,
          `${account.psp}:${reference}`,
          reference,
          String(1_000_000 + i),
          sum(parts),
          sum(accepted.length ? accepted : parts),
          sum(accepted.length ? accepted : parts, 'voucher'),
          sum(accepted.length ? accepted : parts, 'card'),
          status,
          [...new Set(parts.map((p) => p.brand))].sort().join(','),
          parts.length,
          `client.${i % 5000}@example.fr`,
          createdAt,
          createdAt,
        ).lastInsertRowid,
      );
      for (const p of parts) {
        const captured = p.status === 'CAPTURED' ? p.amount : 0;
        const refunded = captured && rng() < 0.03 ? between(1, p.amount) : 0;
        insertPart.run(orderId, `${p.kind}:${p.brand}`, p.kind, p.brand, p.amount, p.status, String(100_000_000 + i * 2 + parts.indexOf(p)), accepted.includes(p) ? String(between(100_000, 999_999)) : null, captured, refunded, createdAt, createdAt);
      }
    }
  });
  const first = options.first ?? 0;
  for (let start = first; start < first + options.count; start += BATCH) {
    const end = Math.min(first + options.count, start + BATCH);
    writeBatch(start, end);
    options.progress?.(end - first);
  }
}

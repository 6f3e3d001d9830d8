import type { PartKind, Psp } from '../shared/psp';

/** How a part's payment ends, as the sandbox plays it. */
export type Outcome = 'accepted' | 'refused' | 'pending' | 'pending_then_accepted' | 'pending_then_refused';

export interface SandboxPart {
  kind: PartKind;
  /** The brand as this PSP spells it. */
  brand: string;
  amount: number;
  outcome: Outcome;
  /** Up2pay NUMTRANS, Axepta PayID, Payline transaction id (Sips uses the order's transaction reference). */
  transactionId: string;
  authorisationId: string | null;
  maskedPan: string | null;
}

export interface SandboxOrder {
  psp: Psp;
  accountId: string;
  reference: string;
  /** Up2pay NUMAPPEL, Sips transactionReference, Payline token. */
  callNumber: string;
  email: string;
  createdAt: Date;
  currency: 'EUR';
  parts: SandboxPart[];
  /** Sips: the SPLIT message as sent, when the sandbox is told to send a broken one. */
  splitOverride?: string;
  /**
   * `auto` (default): captured by the PSP at once (Sips captureDay 0, Up2pay nightly remittance, Axepta AUTO).
   * `deferred`: awaits the merchant's capture or validation (Sips VALIDATION mode, Up2pay PBX_DIFF, Axepta MANUAL).
   */
  captureMode?: 'auto' | 'deferred';
}

/** A small seeded generator (mulberry32), so a scenario replays identically. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const between = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');

const VOUCHERS: Record<Psp, readonly string[]> = {
  up2pay: ['APETIZ', 'SODEXO', 'UPCHEQUDEJ', 'CVCONNECT'],
  sips: ['APETIZ', 'SODEXO', 'UPCHEQUDEJ'],
  axepta: ['APETIZ', 'SODEXO', 'UPCHEQUDEJ'],
  payline: [],
};
const CARDS: Record<Psp, readonly string[]> = {
  up2pay: ['LIMOCB'],
  sips: ['CB', 'CB', 'VISA', 'MASTERCARD'],
  axepta: ['CB', 'VISA'],
  payline: ['PAYCONIQ_MNXT'],
};
const FIRST_NAMES = ['camille', 'lea', 'hugo', 'lucas', 'chloe', 'ines', 'louis', 'manon', 'jules', 'emma'];

function maskedPan(rng: Rng): string {
  return `497010######${digits(rng, 4)}`;
}

export interface GenerateOptions {
  accounts: readonly { id: string; psp: Psp }[];
  count: number;
  seed?: number;
  /** Orders are spread over [from, to]. */
  from: Date;
  to: Date;
}

/**
 * Realistic orders: voucher + card splits of every brand, voucher-only, card-only, refusals,
 * pending then final, and now and then a voucher accepted while its card complement failed.
 */
export function generateOrders(options: GenerateOptions): SandboxOrder[] {
  const rng = seededRandom(options.seed ?? 42);
  const span = options.to.getTime() - options.from.getTime();
  const orders: SandboxOrder[] = [];
  for (let i = 0; i < options.count; i++) {
    const account = options.accounts[i % options.accounts.length]!;
    const psp = account.psp;
    const createdAt = new Date(options.from.getTime() + Math.floor(rng() * span));
    const roll = rng();
    const outcome: Outcome = roll < 0.8 ? 'accepted' : roll < 0.88 ? 'refused' : roll < 0.95 ? 'pending_then_accepted' : roll < 0.97 ? 'pending_then_refused' : 'pending';
    const parts: SandboxPart[] = [];
    const txId = () => digits(rng, 9);
    const shape = psp === 'payline' ? 'card' : rng() < 0.7 ? 'split' : rng() < 0.6 ? 'voucher' : 'card';
    if (shape !== 'card') {
      parts.push({ kind: 'voucher', brand: pick(rng, VOUCHERS[psp]), amount: between(rng, 150, 1900), outcome, transactionId: txId(), authorisationId: null, maskedPan: null });
    }
    if (shape !== 'voucher') {
      // Rarely, the complement fails while the voucher went through: the discrepancy DOMAIN.md names.
      const cardOutcome: Outcome = shape === 'split' && outcome === 'accepted' && rng() < 0.03 ? 'refused' : outcome;
      parts.push({
        kind: 'card',
        brand: pick(rng, CARDS[psp]),
        amount: between(rng, 100, 6000),
        outcome: cardOutcome,
        transactionId: txId(),
        authorisationId: cardOutcome === 'refused' ? null : digits(rng, 6),
        maskedPan: maskedPan(rng),
      });
    }
    orders.push({
      psp,
      accountId: account.id,
      reference: `CMD${createdAt.toISOString().slice(2, 10).replace(/-/g, '')}-${digits(rng, 5)}`,
      callNumber: psp === 'axepta' ? `${digits(rng, 16)}` : digits(rng, 7),
      email: `${pick(rng, FIRST_NAMES)}.${digits(rng, 3)}@example.fr`,
      createdAt,
      currency: 'EUR',
      parts,
    });
  }
  return orders;
}

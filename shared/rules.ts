import type { PartKind, Psp } from './psp';

/**
 * The cash operations each PSP allows on each kind of part (DOMAIN.md, "Cash operations allowed per
 * part"), as data: one row per (PSP, part) with the seed it comes from, so a person can check it.
 */
export const OPERATION_TYPES = ['capture', 'validate', 'cancel', 'refund'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export interface OperationRule {
  allowed: boolean;
  /** Several partial operations may be made on the same part. */
  partial?: boolean;
  /** `transaction`: the PSP applies it to the whole transaction (all parts), not to this part alone. */
  scope?: 'part' | 'transaction';
  /** Refunds: how far cumulated refunds may go. `captured`: up to the captured amount; `unlimited`: beyond it. */
  ceiling?: 'captured' | 'unlimited';
  /** Calendar days after the payment (Europe/Paris) before which the operation is refused (J+1 = 1). */
  notBeforeDays?: number;
  /** Days after the payment after which the operation is refused. */
  withinDays?: number;
  /** Days after the payment after which a Sips transaction can no longer be validated (captureDay ≤ 7). */
  captureDelayMaxDays?: number;
  /** A rule switch that must be on for the operation to be allowed. */
  switch?: RuleSwitch;
  /** Why, in words: the reason shown when not allowed, or the condition when allowed. */
  note: string;
  source: string;
}

export interface RuleRow {
  id: string;
  psp: Psp;
  label: string;
  /** Which parts the row covers: by kind, narrowed by brand codes when given. */
  kind: PartKind | 'any';
  brands?: readonly string[];
  operations: Record<OperationType, OperationRule>;
}

export const RULE_SWITCHES = {
  up2payConecsVoucherRefund: {
    default: true,
    label: 'Up2pay: refund Conecs voucher parts',
    note:
      'Seed 002 §4.2 says Conecs parts cannot be refunded; §4.3 and its example (ACQUEREUR=APETIZ) say they can. ' +
      'The later, specific §4.3 wins; turn this off to follow §4.2.',
    source: '002 §4.2 vs §4.3',
  },
} as const;
export type RuleSwitch = keyof typeof RULE_SWITCHES;
export type RuleSwitches = Record<RuleSwitch, boolean>;
export const DEFAULT_SWITCHES: RuleSwitches = { up2payConecsVoucherRefund: RULE_SWITCHES.up2payConecsVoucherRefund.default };

const NOT_AT_PSP = (psp: string, source: string) =>
  ({ allowed: false, note: `${psp} has no such operation for this part`, source }) as const;

export const RULES: readonly RuleRow[] = [
  {
    id: 'sips-voucher',
    psp: 'sips',
    label: 'Sips, Conecs prepaid (voucher) part',
    kind: 'voucher',
    operations: {
      capture: { allowed: false, note: 'Sips captures automatically at the capture date; use validate in validation mode', source: '000' },
      validate: { allowed: true, partial: true, scope: 'transaction', captureDelayMaxDays: 7, note: 'validation of a partial amount is allowed, within the capture delay (at most 7 days)', source: '000 (Cash management: Validation)' },
      cancel: { allowed: true, scope: 'transaction', note: 'cancels the whole Conecs transaction (voucher and card)', source: '000 (Cash management: Cancellation)' },
      refund: { allowed: false, note: 'Sips refunds Conecs transactions only on the CB part, never the voucher part', source: '000 (Cash management: Refund)' },
    },
  },
  {
    id: 'sips-card',
    psp: 'sips',
    label: 'Sips, card supplement',
    kind: 'card',
    operations: {
      capture: { allowed: false, note: 'Sips captures automatically at the capture date; use validate in validation mode', source: '000' },
      validate: { allowed: true, partial: true, scope: 'transaction', captureDelayMaxDays: 7, note: 'validation of a partial amount is allowed, within the capture delay (at most 7 days)', source: '000 (Cash management: Validation)' },
      cancel: { allowed: true, scope: 'transaction', note: 'cancels the whole Conecs transaction (voucher and card)', source: '000 (Cash management: Cancellation)' },
      refund: { allowed: true, partial: true, ceiling: 'unlimited', note: 'partial and several refunds on the CB part; a refund above the initial amount needs a supervisor and an explicit confirmation', source: '000 (Cash management: Refund, "unlimited refund")' },
    },
  },
  {
    id: 'up2pay-conecs',
    psp: 'up2pay',
    label: 'Up2pay, Conecs voucher (Apetiz, Sodexo, Up Chèque Déjeuner)',
    kind: 'voucher',
    brands: ['APETIZ', 'SODEXO', 'UPCHEQUDEJ', 'CONECS'],
    operations: {
      capture: { allowed: true, partial: true, note: 'a partial capture cancels the remainder automatically', source: '002 §2.1.2.2, §4.2' },
      validate: NOT_AT_PSP('Up2pay', '002 §4'),
      cancel: { allowed: false, note: 'Up2pay cannot cancel a Conecs part; only the CB complement can be cancelled', source: '002 §4.2' },
      refund: { allowed: true, partial: true, ceiling: 'captured', notBeforeDays: 1, switch: 'up2payConecsVoucherRefund', note: 'partial and several refunds, from the day after the payment (J+1)', source: '002 §4.3' },
    },
  },
  {
    id: 'up2pay-cvconnect',
    psp: 'up2pay',
    label: 'Up2pay, Chèque-Vacances Connect voucher',
    kind: 'voucher',
    brands: ['CVCONNECT'],
    operations: {
      capture: { allowed: true, note: 'capture only', source: '002 §2.2.2.1' },
      validate: NOT_AT_PSP('Up2pay', '002 §4'),
      cancel: { allowed: false, note: 'Chèque-Vacances Connect payments can be neither cancelled nor refunded', source: '002 §2.2.2.1' },
      refund: { allowed: false, note: 'Chèque-Vacances Connect payments can be neither cancelled nor refunded', source: '002 §2.2.2.1' },
    },
  },
  {
    id: 'up2pay-card',
    psp: 'up2pay',
    label: 'Up2pay, card (CB complement LIMOCB)',
    kind: 'card',
    operations: {
      capture: { allowed: true, partial: true, note: 'capture of the card complement', source: '002 §3.3.2' },
      validate: NOT_AT_PSP('Up2pay', '002 §4'),
      cancel: { allowed: true, note: 'the CB complement can be cancelled before it is captured', source: '002 §3.3.2, §4.2' },
      refund: { allowed: true, partial: true, ceiling: 'captured', notBeforeDays: 1, note: 'partial and several refunds, from the day after the payment (J+1)', source: '002 §3.3.2, §4.3' },
    },
  },
  {
    id: 'axepta-any',
    psp: 'axepta',
    label: 'Axepta (Limonetik), any part',
    kind: 'any',
    operations: {
      capture: { allowed: true, partial: true, note: 'capture.aspx', source: '001 (Capture)' },
      validate: NOT_AT_PSP('Axepta', '001'),
      cancel: { allowed: true, note: 'reverse.aspx, before capture', source: '001 (Reversal)' },
      refund: { allowed: true, partial: true, ceiling: 'captured', note: 'credit with reference: cumulated credits at most the captured amount', source: '001 (Credit with reference)' },
    },
  },
  {
    id: 'payline-any',
    psp: 'payline',
    label: 'Payline (Payconiq), single part',
    kind: 'any',
    operations: {
      capture: NOT_AT_PSP('Payline', '004'),
      validate: NOT_AT_PSP('Payline', '004'),
      cancel: NOT_AT_PSP('Payline', '004'),
      refund: { allowed: true, partial: true, ceiling: 'captured', withinDays: 365, note: 'doRefund, within 365 days of the payment', source: '004 (doRefund, délai max de 365 jours)' },
    },
  },
];

/** The row that governs a part: the most specific one (brand list before kind before `any`). */
export function ruleFor(psp: Psp, kind: PartKind, brand: string): RuleRow | undefined {
  const candidates = RULES.filter((r) => r.psp === psp && (r.kind === kind || r.kind === 'any'));
  return (
    candidates.find((r) => r.brands?.includes(brand)) ??
    candidates.find((r) => r.kind === kind && !r.brands) ??
    // A voucher of a brand no row lists (a new issuer) gets no row: nothing is allowed until one is added.
    candidates.find((r) => r.kind === 'any')
  );
}

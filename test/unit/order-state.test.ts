import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../shared/api';
import type { PartStatus } from '../../shared/psp';
import { deriveOrder } from '../../server/domain/order-state';
import type { PartState } from '../../server/domain/part-state';

type Part = PartState & { partKey: string };

function part(over: Partial<Part> = {}): Part {
  return {
    partKey: 'voucher',
    kind: 'voucher',
    brand: 'APETIZ',
    amount: 1900,
    currency: 'EUR',
    status: 'TO_CAPTURE',
    responseCode: '00',
    responseMessage: null,
    pspTransactionId: null,
    authorisationId: null,
    maskedPan: null,
    captureDueAt: null,
    paidAt: '2026-01-15T10:00:00.000Z',
    firstSource: 'notification',
    capturedAmount: 0,
    refundedAmount: 0,
    anomalies: [],
    ...over,
  };
}
const voucher = (status: PartStatus, over: Partial<Part> = {}) => part({ partKey: 'voucher', kind: 'voucher', brand: 'APETIZ', amount: 1900, status, ...over });
const card = (status: PartStatus, over: Partial<Part> = {}) => part({ partKey: 'card', kind: 'card', brand: 'LIMOCB', amount: 450, status, ...over });

const codes = (parts: Part[], expected: number | null = null, orderAnomalies: Anomaly[] = []) =>
  deriveOrder(parts, expected, orderAnomalies).anomalies.map((a) => a.code);

describe('deriveOrder: status', () => {
  it('paid: every part accepted and the parts add up', () => {
    const o = deriveOrder([voucher('TO_CAPTURE'), card('CAPTURED')], 2350, []);
    expect(o).toEqual({ amount: 2350, voucherAmount: 1900, cardAmount: 450, status: 'paid', anomalies: [] });
    expect(deriveOrder([voucher('TO_VALIDATE'), card('TO_VALIDATE')], 2350, []).status).toBe('paid');
  });

  it('pending: every part pending, or no part yet', () => {
    expect(deriveOrder([voucher('PENDING'), card('PENDING')], 2350, []).status).toBe('pending');
    expect(deriveOrder([], 2350, []).status).toBe('pending');
  });

  it('partially_pending: some parts pending, the others accepted', () => {
    expect(deriveOrder([voucher('TO_CAPTURE'), card('PENDING')], 2350, []).status).toBe('partially_pending');
  });

  it('refused: every part failed, not all of them cancelled', () => {
    expect(deriveOrder([voucher('REFUSED'), card('REFUSED')], 2350, []).status).toBe('refused');
    expect(deriveOrder([voucher('CANCELLED'), card('REFUSED')], 2350, []).status).toBe('refused');
    expect(deriveOrder([voucher('EXPIRED'), card('EXPIRED')], 2350, []).status).toBe('refused');
  });

  it('cancelled: every part cancelled', () => {
    expect(deriveOrder([voucher('CANCELLED'), card('CANCELLED')], 2350, []).status).toBe('cancelled');
  });

  it('amounts_mismatch: the accepted parts do not add up to the order total', () => {
    const o = deriveOrder([voucher('TO_CAPTURE'), card('TO_CAPTURE', { amount: 400 })], 2350, []);
    expect(o.status).toBe('amounts_mismatch');
    expect(o.amount).toBe(2350);
  });

  it('amounts_mismatch: a part whose sources disagree on its amount', () => {
    const o = deriveOrder([voucher('TO_CAPTURE', { anomalies: [{ code: 'PART_AMOUNT_DIFFERS', message: 'x', partKey: 'voucher' }] }), card('TO_CAPTURE')], 2350, []);
    expect(o.status).toBe('amounts_mismatch');
  });

  it('split_inconsistent: the voucher accepted while the card complement failed', () => {
    for (const failed of ['REFUSED', 'CANCELLED', 'EXPIRED'] as const) {
      const o = deriveOrder([voucher('TO_CAPTURE'), card(failed, { paidAt: null })], 2350, []);
      expect(o.status, failed).toBe('split_inconsistent');
      expect(o.anomalies.map((a) => a.code), failed).toContain('VOUCHER_ACCEPTED_CARD_REFUSED');
    }
  });

  it('paid: one part accepted, then cancelled by an operation, next to the others; the parts still make up the total', () => {
    for (const parts of [[voucher('CAPTURED'), card('CANCELLED')], [voucher('CANCELLED'), card('CAPTURED')]]) {
      const o = deriveOrder(parts, 2350, []);
      expect(o.status).toBe('paid');
      expect(o.anomalies).toEqual([]);
      // The money that moved leaves the cancelled part out.
      expect(o.voucherAmount + o.cardAmount).toBe(parts.find((p) => p.status === 'CAPTURED')!.amount);
    }
    // An expired card part was accepted but never validated: the merchant lost it, which stays flagged.
    expect(deriveOrder([voucher('CAPTURED'), card('EXPIRED')], 2350, []).status).toBe('split_inconsistent');
  });

  it('split_inconsistent: some parts failed next to accepted ones (no order total to compare)', () => {
    const o = deriveOrder([voucher('REFUSED'), card('TO_CAPTURE')], null, []);
    expect(o.status).toBe('split_inconsistent');
    expect(o.anomalies.map((a) => a.code)).not.toContain('VOUCHER_ACCEPTED_CARD_REFUSED');
  });

  it('a single accepted part is paid when it is the order total', () => {
    expect(deriveOrder([part({ partKey: 'p', kind: 'card', brand: 'PAYCONIQ', amount: 1234, status: 'CAPTURED' })], 1234, []).status).toBe('paid');
  });
});

describe('deriveOrder: voucher and card totals', () => {
  it('exclude failed parts while another part is still alive', () => {
    const o = deriveOrder([voucher('TO_CAPTURE'), card('REFUSED')], null, []);
    expect(o).toMatchObject({ voucherAmount: 1900, cardAmount: 0, amount: 1900 });
  });

  it('count pending parts', () => {
    expect(deriveOrder([voucher('PENDING'), card('TO_CAPTURE')], 2350, [])).toMatchObject({ voucherAmount: 1900, cardAmount: 450, status: 'partially_pending' });
  });

  it('show what was attempted when every part failed, without a sum mismatch', () => {
    const o = deriveOrder([voucher('REFUSED'), card('REFUSED')], 2350, []);
    expect(o).toMatchObject({ voucherAmount: 1900, cardAmount: 450, amount: 2350 });
    expect(o.anomalies).toEqual([]);
  });

  it('add several voucher parts together', () => {
    const o = deriveOrder([voucher('TO_CAPTURE', { partKey: 'v1', amount: 1000 }), voucher('TO_CAPTURE', { partKey: 'v2', brand: 'SODEXO', amount: 800 }), card('TO_CAPTURE')], 2250, []);
    expect(o).toMatchObject({ voucherAmount: 1800, cardAmount: 450, status: 'paid' });
  });

  it('amount is the expected total when stated, else the sum of the counted parts', () => {
    expect(deriveOrder([voucher('TO_CAPTURE'), card('TO_CAPTURE')], null, []).amount).toBe(2350);
    expect(deriveOrder([voucher('TO_CAPTURE'), card('TO_CAPTURE')], 9999, []).amount).toBe(9999);
  });
});

describe('deriveOrder: anomalies', () => {
  it('VOUCHER_CURRENCY_NOT_EUR for a voucher part in another currency, not for a card part', () => {
    const o = deriveOrder([voucher('TO_CAPTURE', { currency: 'USD' }), card('TO_CAPTURE', { currency: 'USD' })], null, []);
    expect(o.anomalies.filter((a) => a.code === 'VOUCHER_CURRENCY_NOT_EUR')).toEqual([expect.objectContaining({ partKey: 'voucher' })]);
    expect(codes([voucher('TO_CAPTURE'), card('TO_CAPTURE', { currency: 'USD' })])).not.toContain('VOUCHER_CURRENCY_NOT_EUR');
  });

  it('VOUCHER_BELOW_MINIMUM under 150 cents for an accepted Conecs voucher', () => {
    expect(codes([voucher('TO_CAPTURE', { amount: 149 })])).toContain('VOUCHER_BELOW_MINIMUM');
    expect(codes([voucher('TO_CAPTURE', { amount: 150 })])).not.toContain('VOUCHER_BELOW_MINIMUM');
    expect(codes([voucher('CAPTURED', { brand: 'CONECS', amount: 100 })])).toContain('VOUCHER_BELOW_MINIMUM');
  });

  it('VOUCHER_ABOVE_DAILY_MAXIMUM over 1900 cents for an accepted Conecs voucher', () => {
    const o = deriveOrder([voucher('TO_CAPTURE', { amount: 1901 })], null, []);
    expect(o.anomalies).toEqual([expect.objectContaining({ code: 'VOUCHER_ABOVE_DAILY_MAXIMUM', partKey: 'voucher' })]);
    expect(codes([voucher('TO_CAPTURE', { amount: 1900 })])).toEqual([]);
    expect(codes([voucher('TO_CAPTURE', { brand: 'SODEXO', amount: 2500 })])).toContain('VOUCHER_ABOVE_DAILY_MAXIMUM');
  });

  it('no Conecs bounds for CV-Connect, card parts, or vouchers not accepted', () => {
    expect(codes([voucher('TO_CAPTURE', { brand: 'CVCONNECT', amount: 100 })])).toEqual([]);
    expect(codes([voucher('TO_CAPTURE', { brand: 'CVCONNECT', amount: 50000 })])).toEqual([]);
    expect(codes([card('TO_CAPTURE', { amount: 100 })])).toEqual([]);
    expect(codes([voucher('PENDING', { amount: 100 })])).toEqual([]);
    expect(codes([voucher('REFUSED', { amount: 5000 })])).toEqual([]);
  });

  it('VOUCHER_ACCEPTED_CARD_REFUSED only when the voucher is accepted', () => {
    expect(codes([voucher('TO_CAPTURE'), card('REFUSED')])).toContain('VOUCHER_ACCEPTED_CARD_REFUSED');
    expect(codes([voucher('PENDING'), card('REFUSED')])).not.toContain('VOUCHER_ACCEPTED_CARD_REFUSED');
    expect(codes([voucher('REFUSED'), card('REFUSED')])).not.toContain('VOUCHER_ACCEPTED_CARD_REFUSED');
  });

  it('PARTS_SUM_MISMATCH names both totals', () => {
    const o = deriveOrder([voucher('TO_CAPTURE'), card('TO_CAPTURE')], 2500, []);
    const a = o.anomalies.find((x) => x.code === 'PARTS_SUM_MISMATCH');
    expect(a?.message.replace(/\s/g, ' ')).toBe('the parts add up to 23,50 € but the order total is 25,00 €');
  });

  it('no PARTS_SUM_MISMATCH without an expected total, with no part, or when the total matches', () => {
    expect(codes([voucher('TO_CAPTURE')], null)).toEqual([]);
    expect(deriveOrder([], 2350, []).anomalies).toEqual([]);
    expect(codes([voucher('TO_CAPTURE'), card('TO_CAPTURE')], 2350)).toEqual([]);
  });

  it('no PARTS_SUM_MISMATCH on top of a SPLIT_ anomaly that already says it', () => {
    const split: Anomaly = { code: 'SPLIT_SUM_MISMATCH', message: 'SPLIT amounts add up to 2350 cents but the transaction amount is 2500 cents' };
    const o = deriveOrder([voucher('TO_CAPTURE'), card('TO_CAPTURE')], 2500, [split]);
    expect(o.anomalies.map((a) => a.code)).toEqual(['SPLIT_SUM_MISMATCH']);
    expect(o.status).toBe('amounts_mismatch');
    const unparseable = deriveOrder([card('TO_CAPTURE', { amount: 2500 })], 2350, [{ code: 'SPLIT_UNPARSEABLE', message: 'x' }]);
    expect(unparseable.anomalies.map((a) => a.code)).toEqual(['SPLIT_UNPARSEABLE']);
    expect(unparseable.status).toBe('amounts_mismatch');
  });

  it('keeps order and part anomalies once per code and part', () => {
    const masked: Anomaly = { code: 'FULL_PAN_MASKED', message: 'm', partKey: 'card' };
    const o = deriveOrder([voucher('TO_CAPTURE'), card('TO_CAPTURE', { anomalies: [masked, masked] })], 2350, [masked, { code: 'NOTE', message: 'n' }]);
    expect(o.anomalies.map((a) => `${a.code}/${a.partKey ?? ''}`)).toEqual(['FULL_PAN_MASKED/card', 'NOTE/']);
    expect(o.status).toBe('paid');
  });
});

import { describe, expect, it } from 'vitest';
import type { Allowance } from '../../shared/api';
import { PART_STATUSES, type PartKind, type PartStatus, type Psp } from '../../shared/psp';
import { DEFAULT_SWITCHES, OPERATION_TYPES, RULES, ruleFor, type OperationType } from '../../shared/rules';
import { allowancesFor, type AllowanceInput } from '../../server/domain/allowance';

const PAID_AT = '2026-01-15T10:00:00.000Z';
const NOW = new Date('2026-01-20T10:00:00.000Z');
const SWITCH_OFF = { up2payConecsVoucherRefund: false };

function input(over: Partial<AllowanceInput> = {}): AllowanceInput {
  return {
    psp: 'up2pay',
    kind: 'voucher',
    brand: 'APETIZ',
    status: 'CAPTURED',
    amount: 1900,
    capturedAmount: 1900,
    refundedAmount: 0,
    paidAt: PAID_AT,
    captureDueAt: null,
    ...over,
  };
}

function op(part: AllowanceInput, type: OperationType, now: Date = NOW, switches = DEFAULT_SWITCHES): Allowance {
  const found = allowancesFor(part, now, switches).find((a) => a.type === type);
  if (!found) throw new Error(`no ${type} allowance`);
  return found;
}

/** One part per rule row, chosen so that ruleFor lands on that row. */
const REPRESENTATIVES: Record<string, { psp: Psp; kind: PartKind; brand: string; amount: number }> = {
  'sips-voucher': { psp: 'sips', kind: 'voucher', brand: 'CONECS', amount: 1900 },
  'sips-card': { psp: 'sips', kind: 'card', brand: 'CB', amount: 450 },
  'up2pay-conecs': { psp: 'up2pay', kind: 'voucher', brand: 'APETIZ', amount: 1900 },
  'up2pay-cvconnect': { psp: 'up2pay', kind: 'voucher', brand: 'CVCONNECT', amount: 5000 },
  'up2pay-card': { psp: 'up2pay', kind: 'card', brand: 'LIMOCB', amount: 450 },
  'axepta-any': { psp: 'axepta', kind: 'voucher', brand: 'APETIZ', amount: 1900 },
  'payline-any': { psp: 'payline', kind: 'card', brand: 'PAYCONIQ', amount: 1234 },
};

describe('allowancesFor: the rule table applied row by row', () => {
  it('has a representative part for every rule row', () => {
    expect(Object.keys(REPRESENTATIVES).sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const [id, rep] of Object.entries(REPRESENTATIVES)) expect(ruleFor(rep.psp, rep.kind, rep.brand)?.id).toBe(id);
  });

  const cases = RULES.flatMap((row) => PART_STATUSES.map((status) => [row.id, status] as const));

  it.each(cases)('%s in %s: four answers, each naming its rule row and seed', (id, status) => {
    const row = RULES.find((r) => r.id === id)!;
    const answers = allowancesFor(input({ ...REPRESENTATIVES[id], status, capturedAmount: 0 }), NOW, DEFAULT_SWITCHES);
    expect(answers.map((a) => a.type)).toEqual([...OPERATION_TYPES]);
    for (const a of answers) {
      const rule = row.operations[a.type];
      expect(a.ruleId).toBe(id);
      expect(a.source).toBe(rule.source);
      expect(a.reason.trim()).not.toBe('');
      if (a.allowed) expect(a.maxAmount).toBeGreaterThan(0);
      else expect(a.maxAmount).toBeNull();
      // An operation the table forbids is never allowed, and the reason is the table's note.
      if (!rule.allowed) {
        expect(a.allowed, `${id}.${a.type}`).toBe(false);
        expect(a.reason).toBe(rule.note);
      }
      if (a.allowed) expect(a.reason).toBe(rule.note);
    }
  });

  it.each(cases.filter(([, s]) => ['PENDING', 'REFUSED', 'CANCELLED', 'EXPIRED'].includes(s)))(
    '%s in %s: nothing is allowed, and the reason says why',
    (id, status) => {
      const answers = allowancesFor(input({ ...REPRESENTATIVES[id], status }), NOW, DEFAULT_SWITCHES);
      const row = RULES.find((r) => r.id === id)!;
      const word = { PENDING: 'pending', REFUSED: 'refused', CANCELLED: 'cancelled', EXPIRED: 'expired' }[status as string]!;
      for (const a of answers) {
        expect(a.allowed).toBe(false);
        if (row.operations[a.type].allowed && !row.operations[a.type].switch) expect(a.reason).toContain(word);
      }
    },
  );
});

describe('Sips', () => {
  const sipsVoucher = (over: Partial<AllowanceInput> = {}) => input({ psp: 'sips', kind: 'voucher', brand: 'CONECS', ...over });
  const sipsCard = (over: Partial<AllowanceInput> = {}) => input({ psp: 'sips', kind: 'card', brand: 'CB', amount: 450, capturedAmount: 450, ...over });

  it('never refunds the voucher part; the reason points to the CB part', () => {
    for (const status of PART_STATUSES) {
      const a = op(sipsVoucher({ status }), 'refund');
      expect(a.allowed).toBe(false);
      expect(a.reason).toContain('CB part');
      expect(a.ruleId).toBe('sips-voucher');
    }
  });

  it('refunds the card part, partially and beyond the initial amount with confirmation', () => {
    expect(op(sipsCard(), 'refund')).toEqual({
      type: 'refund',
      allowed: true,
      maxAmount: 450,
      overInitialAllowed: true,
      held: 0,
      scope: 'part',
      reason: RULES.find((r) => r.id === 'sips-card')!.operations.refund.note,
      ruleId: 'sips-card',
      source: '000 (Cash management: Refund, "unlimited refund")',
    });
    expect(op(sipsCard({ refundedAmount: 100 }), 'refund')).toMatchObject({ allowed: true, maxAmount: 350, overInitialAllowed: true });
    expect(op(sipsCard({ capturedAmount: 0, refundedAmount: 100 }), 'refund')).toMatchObject({ allowed: true, maxAmount: 350 });
    // What operations in flight hold is taken off, and said.
    expect(op(sipsCard({ refundedAmount: 100, pendingAmounts: { refund: 200 } }), 'refund')).toMatchObject({ allowed: true, maxAmount: 150, held: 200 });
  });

  it('still allows a card refund once the initial amount is refunded (unlimited refund), never with a negative maximum', () => {
    expect(op(sipsCard({ refundedAmount: 450 }), 'refund')).toMatchObject({ allowed: true, maxAmount: 0, overInitialAllowed: true });
    expect(op(sipsCard({ refundedAmount: 600 }), 'refund')).toMatchObject({ allowed: true, maxAmount: 0, overInitialAllowed: true });
  });

  it('validates only a TO_VALIDATE transaction, for the whole transaction', () => {
    const a = op(sipsVoucher({ status: 'TO_VALIDATE', capturedAmount: 0 }), 'validate');
    expect(a).toMatchObject({ allowed: true, maxAmount: 1900, scope: 'transaction', ruleId: 'sips-voucher' });
    expect(op(sipsVoucher({ status: 'TO_VALIDATE', capturedAmount: 0, pendingAmounts: { validate: 400 } }), 'validate').maxAmount).toBe(1500);
    for (const status of ['TO_CAPTURE', 'CAPTURED'] as const) {
      const b = op(sipsVoucher({ status }), 'validate');
      expect(b.allowed).toBe(false);
      expect(b.reason).toContain('TO_VALIDATE');
      expect(b.scope).toBe('transaction');
    }
  });

  it('cannot validate after the 7-day capture delay', () => {
    const part = sipsCard({ status: 'TO_VALIDATE', capturedAmount: 0 });
    expect(op(part, 'validate', new Date('2026-01-22T10:00:00.000Z')).allowed).toBe(true);
    const late = op(part, 'validate', new Date('2026-01-22T10:00:01.000Z'));
    expect(late.allowed).toBe(false);
    expect(late.reason).toContain('7 days');
  });

  it('cancels the whole transaction before capture, not after', () => {
    expect(op(sipsVoucher({ status: 'TO_CAPTURE', capturedAmount: 0 }), 'cancel')).toMatchObject({ allowed: true, maxAmount: 1900, scope: 'transaction' });
    expect(op(sipsCard({ status: 'TO_VALIDATE', capturedAmount: 0 }), 'cancel')).toMatchObject({ allowed: true, maxAmount: 450, scope: 'transaction' });
    expect(op(sipsCard({ status: 'CAPTURED' }), 'cancel')).toMatchObject({ allowed: false, scope: 'transaction' });
  });

  it('never captures by hand (Sips captures at the capture date)', () => {
    expect(op(sipsCard({ status: 'TO_CAPTURE', capturedAmount: 0 }), 'capture').allowed).toBe(false);
  });
});

describe('Up2pay Conecs voucher', () => {
  const conecs = (over: Partial<AllowanceInput> = {}) => input({ psp: 'up2pay', kind: 'voucher', brand: 'APETIZ', ...over });

  it('refuses a refund on the payment day (Paris) and allows it from J+1', () => {
    // 22:30 UTC on 10 March is 23:30 in Paris: J+1 starts 30 minutes later, at 23:00 UTC.
    const part = conecs({ paidAt: '2026-03-10T22:30:00.000Z' });
    const early = op(part, 'refund', new Date('2026-03-10T22:59:59.000Z'));
    expect(early.allowed).toBe(false);
    expect(early.reason).toContain('2026-03-11');
    expect(op(part, 'refund', new Date('2026-03-10T23:00:00.000Z'))).toMatchObject({ allowed: true, maxAmount: 1900, overInitialAllowed: false, ruleId: 'up2pay-conecs' });
  });

  it('counts J from the Paris day of the payment: 00:30 Paris is already the next day', () => {
    const part = conecs({ paidAt: '2026-03-10T23:30:00.000Z' }); // 11 March, 00:30 in Paris
    expect(op(part, 'refund', new Date('2026-03-11T12:00:00.000Z')).allowed).toBe(false);
    expect(op(part, 'refund', new Date('2026-03-11T23:00:00.000Z')).allowed).toBe(true);
  });

  it('refuses a refund when the payment date is unknown', () => {
    const a = op(conecs({ paidAt: null }), 'refund');
    expect(a.allowed).toBe(false);
    expect(a.reason).toContain('J+1');
  });

  it('follows the rule switch: on by default, off refuses with the switch named', () => {
    expect(op(conecs(), 'refund', NOW, DEFAULT_SWITCHES).allowed).toBe(true);
    const off = op(conecs(), 'refund', NOW, SWITCH_OFF);
    expect(off).toMatchObject({ allowed: false, maxAmount: null, ruleId: 'up2pay-conecs', source: '002 §4.3' });
    expect(off.reason).toContain('turned off');
    expect(off.reason).toContain('Up2pay: refund Conecs voucher parts');
  });

  it('the switch changes nothing for the other parts or the other operations', () => {
    const limocb = input({ psp: 'up2pay', kind: 'card', brand: 'LIMOCB', amount: 450, capturedAmount: 450 });
    expect(op(limocb, 'refund', NOW, SWITCH_OFF).allowed).toBe(true);
    const part = conecs({ status: 'TO_CAPTURE', capturedAmount: 0 });
    const notRefund = (switches: typeof DEFAULT_SWITCHES) => allowancesFor(part, NOW, switches).filter((a) => a.type !== 'refund');
    expect(notRefund(SWITCH_OFF)).toEqual(notRefund(DEFAULT_SWITCHES));
    expect(op(part, 'capture', NOW, SWITCH_OFF).allowed).toBe(true);
  });

  it('refunds partially up to the captured amount less refunds made and in progress', () => {
    expect(op(conecs({ refundedAmount: 500, pendingAmounts: { refund: 400 } }), 'refund').maxAmount).toBe(1000);
    const full = op(conecs({ refundedAmount: 1500, pendingAmounts: { refund: 400 } }), 'refund');
    expect(full.allowed).toBe(false);
    expect(full.reason).toContain('fully refunded');
  });

  it('never cancels; captures what is left', () => {
    expect(op(conecs({ status: 'TO_CAPTURE', capturedAmount: 0 }), 'cancel').allowed).toBe(false);
    expect(op(conecs({ status: 'TO_CAPTURE', capturedAmount: 0, pendingAmounts: { capture: 900 } }), 'capture')).toMatchObject({ allowed: true, maxAmount: 1000 });
    const already = op(conecs({ status: 'CAPTURED' }), 'capture');
    expect(already.allowed).toBe(false);
    expect(already.reason).toContain('already captured');
  });

  it('a part not captured yet cannot be refunded', () => {
    const a = op(conecs({ status: 'TO_CAPTURE', capturedAmount: 0 }), 'refund');
    expect(a.allowed).toBe(false);
    expect(a.reason).toContain('not captured');
  });
});

describe('Up2pay CV-Connect', () => {
  it('can be neither cancelled nor refunded, in any state; capture only', () => {
    for (const status of PART_STATUSES) {
      const part = input({ psp: 'up2pay', kind: 'voucher', brand: 'CVCONNECT', status, capturedAmount: 0 });
      for (const type of ['cancel', 'refund'] as const) {
        const a = op(part, type);
        expect(a.allowed).toBe(false);
        expect(a.reason).toContain('Chèque-Vacances Connect');
        expect(a.ruleId).toBe('up2pay-cvconnect');
      }
    }
    expect(op(input({ psp: 'up2pay', kind: 'voucher', brand: 'CVCONNECT', status: 'TO_CAPTURE', capturedAmount: 0 }), 'capture').allowed).toBe(true);
  });
});

describe('Up2pay card complement (LIMOCB)', () => {
  const limocb = (over: Partial<AllowanceInput> = {}) =>
    input({ psp: 'up2pay', kind: 'card', brand: 'LIMOCB', amount: 450, capturedAmount: 0, status: 'TO_CAPTURE', captureDueAt: '2026-01-20T23:00:00.000Z', ...over });

  it('can be cancelled before it is captured, not after', () => {
    expect(op(limocb(), 'cancel')).toMatchObject({ allowed: true, maxAmount: 450, scope: 'part', ruleId: 'up2pay-card' });
    const captured = op(limocb({ status: 'CAPTURED', capturedAmount: 450 }), 'cancel');
    expect(captured.allowed).toBe(false);
    expect(captured.reason).toContain('refund it instead');
  });

  it('TO_CAPTURE whose capture date has passed counts as CAPTURED', () => {
    const part = limocb({ captureDueAt: '2026-01-20T10:00:00.000Z' }); // = NOW
    expect(op(part, 'cancel').allowed).toBe(false);
    expect(op(part, 'capture').reason).toContain('already captured');
    expect(op(part, 'refund')).toMatchObject({ allowed: true, maxAmount: 450 });
    // One millisecond earlier it is still waiting for its capture.
    const before = new Date(NOW.getTime() - 1);
    expect(op(part, 'cancel', before).allowed).toBe(true);
    expect(op(part, 'refund', before).allowed).toBe(false);
  });

  it('refunds from J+1 only', () => {
    const part = limocb({ status: 'CAPTURED', capturedAmount: 450, paidAt: '2026-01-20T08:00:00.000Z' });
    expect(op(part, 'refund', new Date('2026-01-20T22:59:59.000Z')).allowed).toBe(false);
    expect(op(part, 'refund', new Date('2026-01-20T23:00:00.000Z')).allowed).toBe(true);
  });
});

describe('Axepta', () => {
  const axepta = (over: Partial<AllowanceInput> = {}) => input({ psp: 'axepta', kind: 'card', brand: 'CB', amount: 2000, capturedAmount: 1500, ...over });

  it('refund maximum = captured − refunded − refunds in progress', () => {
    expect(op(axepta({ refundedAmount: 300, pendingAmounts: { refund: 200 } }), 'refund')).toMatchObject({ allowed: true, maxAmount: 1000, overInitialAllowed: false, ruleId: 'axepta-any' });
    expect(op(axepta({ refundedAmount: 1500 }), 'refund').allowed).toBe(false);
  });

  it('uses the part amount when no capture amount is known', () => {
    expect(op(axepta({ capturedAmount: 0, refundedAmount: 500 }), 'refund').maxAmount).toBe(1500);
  });

  it('refunds from the payment day itself (no J+1 rule)', () => {
    expect(op(axepta({ paidAt: '2026-01-20T09:00:00.000Z' }), 'refund').allowed).toBe(true);
  });

  it('captures what is left and reverses before capture, for voucher and card parts alike', () => {
    for (const kind of ['voucher', 'card'] as const) {
      const part = axepta({ kind, status: 'TO_CAPTURE', capturedAmount: 500, pendingAmounts: { capture: 300 } });
      expect(op(part, 'capture')).toMatchObject({ allowed: true, maxAmount: 1200 });
      expect(op(part, 'cancel')).toMatchObject({ allowed: true, maxAmount: 1500 });
      expect(op(axepta({ kind, status: 'CAPTURED' }), 'cancel').allowed).toBe(false);
    }
  });
});

describe('Payline', () => {
  const payline = (over: Partial<AllowanceInput> = {}) =>
    input({ psp: 'payline', kind: 'card', brand: 'PAYCONIQ', amount: 1234, capturedAmount: 1234, paidAt: '2025-01-15T10:00:00.000Z', ...over });

  it('refunds within 365 days of the payment, not after', () => {
    expect(op(payline(), 'refund', new Date('2026-01-15T10:00:00.000Z'))).toMatchObject({ allowed: true, maxAmount: 1234, ruleId: 'payline-any' });
    const late = op(payline(), 'refund', new Date('2026-01-15T10:00:00.001Z'));
    expect(late.allowed).toBe(false);
    expect(late.reason).toContain('365 days');
  });

  it('refuses a refund when the payment date is unknown', () => {
    expect(op(payline({ paidAt: null }), 'refund').reason).toContain('365-day');
  });

  it('has no capture, validate or cancel', () => {
    for (const type of ['capture', 'validate', 'cancel'] as const) {
      expect(op(payline({ status: 'TO_CAPTURE' }), type)).toMatchObject({ allowed: false, source: '004' });
    }
  });
});

describe('a part no rule covers', () => {
  it('an unknown Up2pay voucher brand allows nothing and says so', () => {
    const answers = allowancesFor(input({ brand: 'NEWISSUER', status: 'TO_CAPTURE' }), NOW, DEFAULT_SWITCHES);
    expect(answers).toHaveLength(OPERATION_TYPES.length);
    for (const a of answers) {
      expect(a).toMatchObject({ allowed: false, maxAmount: null, ruleId: null, source: null });
      expect(a.reason).toContain('NEWISSUER');
    }
  });
});

describe('purity', () => {
  it('the same input and now give the same answer', () => {
    const part = input({ status: 'TO_CAPTURE' as PartStatus, capturedAmount: 0, captureDueAt: '2026-01-16T23:00:00.000Z' });
    expect(allowancesFor(part, NOW, DEFAULT_SWITCHES)).toEqual(allowancesFor({ ...part }, new Date(NOW), { ...DEFAULT_SWITCHES }));
  });
});

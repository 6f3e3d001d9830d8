import { describe, expect, it } from 'vitest';
import { PSPS } from '../../shared/psp';
import { DEFAULT_SWITCHES, OPERATION_TYPES, RULE_SWITCHES, RULES, ruleFor } from '../../shared/rules';

describe('ruleFor picks the most specific row', () => {
  it.each([
    ['APETIZ', 'up2pay-conecs'],
    ['SODEXO', 'up2pay-conecs'],
    ['UPCHEQUDEJ', 'up2pay-conecs'],
    ['CONECS', 'up2pay-conecs'],
    ['CVCONNECT', 'up2pay-cvconnect'],
  ] as const)('Up2pay voucher %s → %s', (brand, id) => {
    expect(ruleFor('up2pay', 'voucher', brand)?.id).toBe(id);
  });

  it('Up2pay card parts (LIMOCB, or any card brand) → up2pay-card', () => {
    expect(ruleFor('up2pay', 'card', 'LIMOCB')?.id).toBe('up2pay-card');
    expect(ruleFor('up2pay', 'card', 'VISA')?.id).toBe('up2pay-card');
  });

  it('an Up2pay voucher of a brand no row lists gets no row', () => {
    expect(ruleFor('up2pay', 'voucher', 'NEWISSUER')).toBeUndefined();
  });

  it('a brand listed for vouchers does not pull a card part into the voucher row', () => {
    expect(ruleFor('up2pay', 'card', 'APETIZ')?.id).toBe('up2pay-card');
  });

  it('Sips: by kind, whatever the brand', () => {
    expect(ruleFor('sips', 'voucher', 'CONECS')?.id).toBe('sips-voucher');
    expect(ruleFor('sips', 'voucher', 'APETIZ')?.id).toBe('sips-voucher');
    expect(ruleFor('sips', 'card', 'CB')?.id).toBe('sips-card');
    expect(ruleFor('sips', 'card', 'VISA')?.id).toBe('sips-card');
  });

  it('Axepta and Payline: the `any` row for both kinds', () => {
    for (const kind of ['voucher', 'card'] as const) {
      expect(ruleFor('axepta', kind, 'APETIZ')?.id).toBe('axepta-any');
      expect(ruleFor('axepta', kind, 'WHATEVER')?.id).toBe('axepta-any');
      expect(ruleFor('payline', kind, 'PAYCONIQ')?.id).toBe('payline-any');
    }
  });
});

describe('the rule table as data', () => {
  it.each(RULES.map((r) => [r.id, r] as const))('%s states every operation with a note and a seed source', (_id, row) => {
    expect(Object.keys(row.operations).sort()).toEqual([...OPERATION_TYPES].sort());
    for (const type of OPERATION_TYPES) {
      const rule = row.operations[type];
      expect(rule.source.trim(), `${row.id}.${type}.source`).not.toBe('');
      expect(rule.note.trim(), `${row.id}.${type}.note`).not.toBe('');
    }
    expect(PSPS).toContain(row.psp);
    expect(row.label.trim()).not.toBe('');
  });

  it('row ids are unique', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('every PSP has at least one row, and every switch a row uses exists', () => {
    for (const psp of PSPS) expect(RULES.some((r) => r.psp === psp), psp).toBe(true);
    for (const row of RULES) {
      for (const type of OPERATION_TYPES) {
        const sw = row.operations[type].switch;
        if (sw) expect(Object.keys(RULE_SWITCHES)).toContain(sw);
      }
    }
  });

  it('encodes the refund column of DOMAIN.md', () => {
    const refund = (id: string) => RULES.find((r) => r.id === id)!.operations.refund;
    expect(refund('sips-voucher').allowed).toBe(false);
    expect(refund('sips-card')).toMatchObject({ allowed: true, partial: true, ceiling: 'unlimited' });
    expect(refund('up2pay-conecs')).toMatchObject({ allowed: true, notBeforeDays: 1, switch: 'up2payConecsVoucherRefund' });
    expect(refund('up2pay-cvconnect').allowed).toBe(false);
    expect(refund('up2pay-card')).toMatchObject({ allowed: true, notBeforeDays: 1, ceiling: 'captured' });
    expect(refund('axepta-any')).toMatchObject({ allowed: true, ceiling: 'captured' });
    expect(refund('payline-any')).toMatchObject({ allowed: true, withinDays: 365 });
  });

  it('keeps the Up2pay Conecs voucher refund switch on by default (002 §4.3 wins over §4.2)', () => {
    expect(DEFAULT_SWITCHES).toEqual({ up2payConecsVoucherRefund: true });
    expect(RULE_SWITCHES.up2payConecsVoucherRefund.source).toContain('002');
  });
});

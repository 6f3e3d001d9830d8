import { describe, expect, it } from 'vitest';
import { checkSplitTotal, parseSplit } from '../../shared/split';

describe('Sips SPLIT parser', () => {
  it('reads the seven fields, amounts in cents, and keeps the raw string', () => {
    const raw = 'SPLIT:APETIZ:1234567890:1900:CB:497010XXXXXX0014:450';
    const r = parseSplit(raw);
    expect(r).toEqual({
      ok: true,
      value: {
        raw,
        voucherMean: 'APETIZ',
        partnerReference: '1234567890',
        voucherAmount: 1900,
        supplement: { mean: 'CB', maskedPan: '497010XXXXXX0014', amount: 450 },
        amountForm: 'cents',
      },
    });
    if (!r.ok) throw new Error('expected a split');
    expect(checkSplitTotal(r.value, 2350, 'EUR')).toBeNull();
  });

  it('accepts a decimal euro form and converts it without floats', () => {
    const r = parseSplit('SPLIT:SODEXO:ref:19.00:CB:4970##0014:4,5');
    expect(r.ok && r.value.voucherAmount).toBe(1900);
    expect(r.ok && r.value.supplement?.amount).toBe(450);
    expect(r.ok && r.value.amountForm).toBe('decimal');
  });

  it('reads a voucher-only split with the supplement fields empty or omitted', () => {
    for (const raw of ['SPLIT:APETIZ:ref:1200:::', 'SPLIT:APETIZ:ref:1200']) {
      const r = parseSplit(raw);
      expect(r.ok && r.value.supplement).toBeNull();
      expect(r.ok && r.value.voucherAmount).toBe(1200);
    }
  });

  it('keeps a partner reference containing ":"', () => {
    const r = parseSplit('SPLIT:APETIZ:ab:cd:1900:CB:4970##14:450');
    expect(r.ok && r.value.partnerReference).toBe('ab:cd');
    expect(r.ok && r.value.supplement?.amount).toBe(450);
  });

  it('gives a typed error naming the field for 5 fields, bad amounts, negative amounts', () => {
    expect(parseSplit('SPLIT:APETIZ:ref:1900:CB')).toMatchObject({ ok: false, error: { code: 'SPLIT_FIELD_COUNT' } });
    expect(parseSplit('SPLIT:APETIZ:ref:abc:CB:4970##14:450')).toMatchObject({
      ok: false,
      error: { code: 'SPLIT_BAD_AMOUNT', field: 'SPLIT field 4 (prepaid amount)' },
    });
    expect(parseSplit('SPLIT:APETIZ:ref:1900:CB:4970##14:-450')).toMatchObject({
      ok: false,
      error: { code: 'SPLIT_BAD_AMOUNT', field: 'SPLIT field 7 (supplement amount)' },
    });
    expect(parseSplit('NOTSPLIT:a:b:1:c:d:2')).toMatchObject({ ok: false, error: { code: 'SPLIT_NOT_SPLIT' } });
  });

  it('reports amounts that do not add up instead of throwing', () => {
    const r = parseSplit('SPLIT:APETIZ:ref:1900:CB:4970##14:450');
    if (!r.ok) throw new Error('expected a split');
    const mismatch = checkSplitTotal(r.value, 2500, 'EUR');
    expect(mismatch).toMatchObject({ code: 'SPLIT_SUM_MISMATCH', expected: 2500, actual: 2350 });
    // Written as a person reads money, not in cents.
    expect(mismatch?.message.replace(/\s/g, ' ')).toBe('SPLIT amounts add up to 23,50 € (voucher 19,00 € + supplement 4,50 €) but the transaction amount is 25,00 €');
  });
});

import { describe, expect, it } from 'vitest';
import { isFullPan, keepMaskedPan, maskPan, panLast4 } from '../../shared/pan';

describe('isFullPan', () => {
  it('is true for 13 to 19 plain digits, spaces and dashes ignored', () => {
    expect(isFullPan('4222222222222')).toBe(true); // 13 digits
    expect(isFullPan('4111111111111111')).toBe(true);
    expect(isFullPan('4111 1111 1111 1111')).toBe(true);
    expect(isFullPan('4111-1111-1111-1111')).toBe(true);
    expect(isFullPan('4111111111111111110')).toBe(true); // 19 digits
  });

  it('does not require Luhn: any unmasked 13-19 digit number in a PAN field is treated as a card number', () => {
    expect(isFullPan('4111111111111112')).toBe(true); // fails the Luhn check
  });

  it('is false for fewer than 13 or more than 19 digits, and for masked PANs', () => {
    expect(isFullPan('411111111117')).toBe(false); // Luhn-valid but 12 digits
    expect(isFullPan('41111111111111111115')).toBe(false); // Luhn-valid but 20 digits
    expect(isFullPan('497010XXXXXX0014')).toBe(false);
    expect(isFullPan('4970##########14')).toBe(false);
    expect(isFullPan('4111111111111111a')).toBe(false);
    expect(isFullPan('')).toBe(false);
  });
});

describe('maskPan', () => {
  it('keeps the first 6 and last 4 digits of a full PAN and masks the rest with #', () => {
    expect(maskPan('4111111111111111')).toBe('411111######1111');
    expect(maskPan('4111 1111 1111 1111')).toBe('411111######1111');
    expect(maskPan('4222222222222')).toBe('422222###2222');
    expect(maskPan('4111111111111111110')).toBe('411111#########1110');
    expect(maskPan('4111111111111112')).toBe('411111######1112');
  });

  it('leaves masked or non-PAN input alone', () => {
    for (const text of ['497010XXXXXX0014', '4970##########14', '4500#############01', '411111111117', 'A1B2C3', '']) {
      expect(maskPan(text)).toBe(text);
    }
  });

  it('is idempotent', () => {
    const once = maskPan('5555 5555 5555 4444');
    expect(once).toBe('555555######4444');
    expect(maskPan(once)).toBe(once);
  });
});

describe('panLast4', () => {
  it('gives the last four digits when visible', () => {
    expect(panLast4('497010XXXXXX0014')).toBe('0014');
    expect(panLast4('411111######1111 ')).toBe('1111');
  });

  it('is null when fewer than four trailing digits are visible or nothing is given', () => {
    expect(panLast4('4970##########14')).toBeNull();
    expect(panLast4('4500#############01')).toBeNull();
    expect(panLast4('')).toBeNull();
    expect(panLast4(null)).toBeNull();
    expect(panLast4(undefined)).toBeNull();
  });
});

describe('keepMaskedPan', () => {
  it('keeps a masked value as it is, and masks a full number with an anomaly naming the field', () => {
    expect(keepMaskedPan('497010######0014', 'maskedPan')).toEqual({ pan: '497010######0014', anomaly: null });
    expect(keepMaskedPan(null, 'maskedPan')).toEqual({ pan: null, anomaly: null });
    const kept = keepMaskedPan('4970101234567894', 'card.number');
    expect(kept.pan).toBe('497010######7894');
    expect(kept.anomaly).toEqual({ code: 'UNMASKED_PAN_RECEIVED', message: 'card.number carried a full card number; only its masked form was kept' });
  });
});

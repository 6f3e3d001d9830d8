import { describe, expect, it } from 'vitest';
import { currencyNumeric, formatMoney, minorDigits, normaliseCurrency, parseAmount, parseCents } from '../../shared/money';

/** fr-FR as Intl writes it: U+202F (narrow no-break space) between thousands, U+00A0 before the symbol. */
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('parseCents', () => {
  it('reads integer cents, trimming surrounding blanks', () => {
    expect(parseCents('1900')).toEqual({ ok: true, value: 1900 });
    expect(parseCents('0')).toEqual({ ok: true, value: 0 });
    expect(parseCents(' 450 ')).toEqual({ ok: true, value: 450 });
    expect(parseCents('000123')).toEqual({ ok: true, value: 123 });
  });

  it.each(['-1', '+1', '19.00', '19,5', '1e3', '', ' ', 'abc', '12 34', '0x10', '1234567890123456'])(
    'rejects %j with BAD_AMOUNT',
    (text) => {
      const r = parseCents(text);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('BAD_AMOUNT');
        expect(r.error.message).toContain(`"${text}"`);
      }
    },
  );
});

describe('parseAmount', () => {
  it('treats plain digits as cents', () => {
    expect(parseAmount('1900')).toEqual({ ok: true, value: { cents: 1900, form: 'cents' } });
  });

  it('converts a EUR decimal with a point or a comma, padding a single decimal', () => {
    expect(parseAmount('19.00')).toEqual({ ok: true, value: { cents: 1900, form: 'decimal' } });
    expect(parseAmount('19,5')).toEqual({ ok: true, value: { cents: 1950, form: 'decimal' } });
    expect(parseAmount('0.05')).toEqual({ ok: true, value: { cents: 5, form: 'decimal' } });
    expect(parseAmount(' 4,50 ')).toEqual({ ok: true, value: { cents: 450, form: 'decimal' } });
  });

  it('is exact where float arithmetic is not (0.29 * 100 = 28.999…)', () => {
    expect(parseAmount('0.29')).toEqual({ ok: true, value: { cents: 29, form: 'decimal' } });
    expect(parseAmount('1.15')).toEqual({ ok: true, value: { cents: 115, form: 'decimal' } });
  });

  it.each(['19.001', '19,999', '-19.00', '19.', '.50', '19.0.0', '19 €', 'abc', ''])('rejects %j for EUR', (text) => {
    const r = parseAmount(text, 'EUR');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('BAD_AMOUNT');
  });

  it('allows no decimals for JPY (0 minor digits)', () => {
    expect(parseAmount('1900', 'JPY')).toEqual({ ok: true, value: { cents: 1900, form: 'cents' } });
    expect(parseAmount('19.5', 'JPY').ok).toBe(false);
    expect(parseAmount('19.0', 'JPY').ok).toBe(false);
    const r = parseAmount('19,5', 'JPY');
    expect(!r.ok && r.error.message).toContain('at most 0 decimals');
  });
});

describe('normaliseCurrency and minor digits', () => {
  it('maps ISO numeric codes to alpha codes', () => {
    expect(normaliseCurrency('978')).toBe('EUR');
    expect(normaliseCurrency('840')).toBe('USD');
    expect(normaliseCurrency('392')).toBe('JPY');
    expect(normaliseCurrency(' 978 ')).toBe('EUR');
  });

  it('upper-cases alpha codes', () => {
    expect(normaliseCurrency('eur')).toBe('EUR');
    expect(normaliseCurrency('Gbp')).toBe('GBP');
  });

  it('returns null for an unknown numeric code or junk', () => {
    expect(normaliseCurrency('999')).toBeNull();
    expect(normaliseCurrency('000')).toBeNull();
    expect(normaliseCurrency('97')).toBeNull();
    expect(normaliseCurrency('EURO')).toBeNull();
    expect(normaliseCurrency('')).toBeNull();
    expect(normaliseCurrency('E1R')).toBeNull();
  });

  it('gives the numeric code back and the minor digits', () => {
    expect(currencyNumeric('EUR')).toBe('978');
    expect(currencyNumeric('XXX')).toBeNull();
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
  });
});

describe('formatMoney (fr-FR)', () => {
  it('groups thousands with a narrow no-break space and puts a no-break space before €', () => {
    expect(formatMoney(123456, 'EUR')).toBe(`1${NNBSP}234,56${NBSP}€`);
    expect(formatMoney(123456789, 'EUR')).toBe(`1${NNBSP}234${NNBSP}567,89${NBSP}€`);
  });

  it('writes what Intl writes for the same amount', () => {
    const intl = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
    expect(formatMoney(123456, 'EUR')).toBe(intl.format(1234.56));
    expect(formatMoney(-987654, 'EUR')).toBe(intl.format(-9876.54));
  });

  it('formats zero, small amounts and negatives', () => {
    expect(formatMoney(0, 'EUR')).toBe(`0,00${NBSP}€`);
    expect(formatMoney(5, 'EUR')).toBe(`0,05${NBSP}€`);
    expect(formatMoney(450, 'EUR')).toBe(`4,50${NBSP}€`);
    expect(formatMoney(-123456, 'EUR')).toBe(`-1${NNBSP}234,56${NBSP}€`);
    expect(formatMoney(-5, 'EUR')).toBe(`-0,05${NBSP}€`);
  });

  it('uses the code when there is no symbol, and no decimals for JPY', () => {
    expect(formatMoney(1234, 'JPY')).toBe(`1${NNBSP}234${NBSP}JPY`);
    expect(formatMoney(1000, 'CHF')).toBe(`10,00${NBSP}CHF`);
  });
});

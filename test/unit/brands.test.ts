import { describe, expect, it } from 'vitest';
import { BRANDS, brandByCode, brandFromPsp, brandLabel, CONECS_LIMITS } from '../../shared/brands';
import { PSPS } from '../../shared/psp';

describe('brandFromPsp', () => {
  const aliasRows = BRANDS.flatMap((brand) =>
    Object.entries(brand.aliases).flatMap(([psp, aliases]) => (aliases ?? []).map((alias) => [psp, alias, brand.code] as const)),
  );

  it.each(aliasRows)('%s "%s" is %s, in any case and with blanks around', (psp, alias, code) => {
    const p = psp as (typeof PSPS)[number];
    expect(brandFromPsp(p, alias)?.code).toBe(code);
    expect(brandFromPsp(p, alias.toLowerCase())?.code).toBe(code);
    expect(brandFromPsp(p, alias.toUpperCase())?.code).toBe(code);
    expect(brandFromPsp(p, ` ${alias}\t`)?.code).toBe(code);
  });

  it('no alias of one PSP names two brands', () => {
    const seen = new Map<string, string>();
    for (const [psp, alias, code] of aliasRows) {
      const key = `${psp}:${alias.toUpperCase()}`;
      expect(seen.get(key) ?? code, key).toBe(code);
      seen.set(key, code);
    }
  });

  it('reads the wire spellings the PSPs send', () => {
    expect(brandFromPsp('up2pay', 'limocb')?.code).toBe('LIMOCB');
    expect(brandFromPsp('up2pay', 'CVCONNECT')?.code).toBe('CVCONNECT');
    expect(brandFromPsp('sips', 'PLUXEE')?.code).toBe('SODEXO');
    expect(brandFromPsp('sips', 'PassRestaurant')?.code).toBe('SODEXO');
    expect(brandFromPsp('sips', 'conecs')?.code).toBe('CONECS');
    expect(brandFromPsp('axepta', 'LIMONETIK')?.code).toBe('CONECS');
    expect(brandFromPsp('axepta', 'MasterCard')?.code).toBe('MASTERCARD');
    expect(brandFromPsp('up2pay', 'EUROCARD_MASTERCARD')?.code).toBe('MASTERCARD');
    expect(brandFromPsp('payline', 'PAYCONIQ_MNXT')?.code).toBe('PAYCONIQ');
  });

  it('is per PSP: an alias of one PSP is unknown at another', () => {
    expect(brandFromPsp('sips', 'LIMOCB')).toBeUndefined();
    expect(brandFromPsp('up2pay', 'CONECS')).toBeUndefined();
    expect(brandFromPsp('payline', 'APETIZ')).toBeUndefined();
  });

  it('returns undefined for unknown, empty or missing names', () => {
    expect(brandFromPsp('up2pay', 'NEWISSUER')).toBeUndefined();
    expect(brandFromPsp('sips', '')).toBeUndefined();
    expect(brandFromPsp('sips', null)).toBeUndefined();
    expect(brandFromPsp('sips', undefined)).toBeUndefined();
  });
});

describe('brand catalogue', () => {
  it.each([
    ['APETIZ', 'voucher', 'CONECS'],
    ['SODEXO', 'voucher', 'CONECS'],
    ['UPCHEQUDEJ', 'voucher', 'CONECS'],
    ['CONECS', 'voucher', 'CONECS'],
    ['CVCONNECT', 'voucher', 'ANCV'],
    ['LIMOCB', 'card', 'CB'],
    ['CB', 'card', 'CB'],
    ['VISA', 'card', 'VISA'],
    ['MASTERCARD', 'card', 'MASTERCARD'],
  ])('%s is a %s part of network %s', (code, kind, network) => {
    const brand = brandByCode(code);
    expect(brand).toBeDefined();
    expect(brand?.kind).toBe(kind);
    expect(brand?.network).toBe(network);
    expect(brand?.source.length).toBeGreaterThan(0);
  });

  it('gives the Up2pay ACQUEREUR value of each Limonetik brand (002 §4.2) and none to the others', () => {
    const acquirers = Object.fromEntries(BRANDS.filter((b) => b.up2payAcquirer).map((b) => [b.code, b.up2payAcquirer]));
    expect(acquirers).toEqual({
      APETIZ: 'APETIZ',
      SODEXO: 'SODEXO',
      UPCHEQUDEJ: 'UPCHEQUDEJ',
      CVCONNECT: 'CVCONNECT',
      LIMOCB: 'LIMOCB',
    });
  });

  it('codes are unique and every alias is keyed by a known PSP', () => {
    expect(new Set(BRANDS.map((b) => b.code)).size).toBe(BRANDS.length);
    for (const b of BRANDS) for (const psp of Object.keys(b.aliases)) expect(PSPS).toContain(psp);
  });

  it('labels a known code and echoes an unknown one', () => {
    expect(brandLabel('CVCONNECT')).toBe('Chèque-Vacances Connect');
    expect(brandLabel('NOPE')).toBe('NOPE');
    expect(brandByCode('NOPE')).toBeUndefined();
  });

  it('states the Conecs limits of 001 in cents', () => {
    expect(CONECS_LIMITS.minPerTransaction).toBe(150);
    expect(CONECS_LIMITS.maxPerDay).toBe(1900);
  });
});

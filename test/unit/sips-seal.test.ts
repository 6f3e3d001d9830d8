import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hexEquals, jsonSeal, jsonSealData, paypageSeal } from '../../server/psp/sips/seal';
import { SIPS_JSON_VECTOR } from '../support/sips-vectors';

const KEY = 'sandbox-sips-secret-key-0001';
const DATA =
  'captureDay=0|captureMode=AUTHOR_CAPTURE|currencyCode=978|merchantId=011223344550000|responseCode=00|transactionReference=ORD20240312A1|' +
  'amount=2350|paymentMeanBrand=CONECS|acquirerResponseMessage=SPLIT:APETIZ:1234567890:1900:CB:497010XXXXXX0014:450|customerName=Légère';

describe('paypageSeal', () => {
  it('SHA-256 is sha256(Data + secret key), lower-case hex', () => {
    const expected = createHash('sha256').update(DATA + KEY, 'utf8').digest('hex');
    expect(paypageSeal(DATA, KEY, 'SHA-256')).toBe(expected);
    expect(paypageSeal(DATA, KEY, 'SHA-256')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('HMAC-SHA-256 is hmac(secret key, Data)', () => {
    const expected = createHmac('sha256', Buffer.from(KEY, 'utf8')).update(Buffer.from(DATA, 'utf8')).digest('hex');
    expect(paypageSeal(DATA, KEY, 'HMAC-SHA-256')).toBe(expected);
    expect(paypageSeal(DATA, KEY, 'HMAC-SHA-256')).not.toBe(paypageSeal(DATA, KEY, 'SHA-256'));
  });

  it('seals bytes as posted: a Buffer gives the same seal as its UTF-8 text', () => {
    expect(paypageSeal(Buffer.from(DATA, 'utf8'), KEY, 'SHA-256')).toBe(paypageSeal(DATA, KEY, 'SHA-256'));
    expect(paypageSeal(Buffer.from(DATA, 'utf8'), KEY, 'HMAC-SHA-256')).toBe(paypageSeal(DATA, KEY, 'HMAC-SHA-256'));
  });

  it('seals Latin-1 bytes as they are, not re-encoded', () => {
    const latin1 = Buffer.from('customerName=L\u00e9g\u00e8re', 'latin1');
    const expected = createHash('sha256').update(Buffer.concat([latin1, Buffer.from(KEY, 'utf8')])).digest('hex');
    expect(paypageSeal(latin1, KEY, 'SHA-256')).toBe(expected);
  });

  it('seals base64 Data as text, without decoding it first', () => {
    const b64 = Buffer.from(DATA, 'utf8').toString('base64');
    expect(paypageSeal(b64, KEY, 'SHA-256')).toBe(createHash('sha256').update(b64 + KEY).digest('hex'));
  });

  it('changes with the key and with a single character of Data', () => {
    const seal = paypageSeal(DATA, KEY, 'SHA-256');
    expect(paypageSeal(DATA, `${KEY}x`, 'SHA-256')).not.toBe(seal);
    expect(paypageSeal(DATA.replace('2350', '2351'), KEY, 'SHA-256')).not.toBe(seal);
  });
});

describe('hexEquals', () => {
  const seal = createHash('sha256').update('x').digest('hex');

  it('is true for the same hex, whatever the case', () => {
    expect(hexEquals(seal, seal)).toBe(true);
    expect(hexEquals(seal.toUpperCase(), seal)).toBe(true);
  });

  it('is false for a different value or length, and never throws', () => {
    expect(hexEquals(seal, `${seal.slice(0, -1)}${seal.endsWith('0') ? '1' : '0'}`)).toBe(false);
    expect(hexEquals(seal, seal.slice(0, -2))).toBe(false);
    expect(hexEquals(seal, '')).toBe(false);
    expect(hexEquals('', '')).toBe(true);
  });
});

describe('jsonSealData / jsonSeal (Sips Office, PSP-FORMATS.md §3.3)', () => {
  const { request, sealData: SEAL_DATA, seal: SEAL } = SIPS_JSON_VECTOR;

  it('builds the documented seal data (sorted keys, nested object, keyVersion excluded)', () => {
    expect(jsonSealData(request)).toBe(SEAL_DATA);
  });

  it('gives the documented seal with key secret123', () => {
    expect(jsonSeal(request, 'secret123')).toBe(SEAL);
    expect(createHmac('sha256', 'secret123').update(SEAL_DATA).digest('hex')).toBe(SEAL);
  });

  it('ignores seal, keyVersion and sealAlgorithm in a request', () => {
    expect(jsonSeal({ ...request, seal: 'whatever', sealAlgorithm: 'HMAC-SHA-256', keyVersion: '2' }, 'secret123')).toBe(SEAL);
  });

  it('does not depend on the key order of the message', () => {
    const reversed = Object.fromEntries(Object.entries(request).reverse());
    expect(jsonSeal(reversed, 'secret123')).toBe(SEAL);
  });

  it('with a response exclusion set, only seal is left out (keyVersion counts)', () => {
    const response = { responseCode: '00', keyVersion: '1', newStatus: 'CAPTURED', seal: 'x' };
    expect(jsonSealData(response, new Set(['seal']))).toBe('1CAPTURED00');
    expect(jsonSeal(response, 'k', new Set(['seal']))).toBe(createHmac('sha256', 'k').update('1CAPTURED00').digest('hex'));
  });

  it('sorts nested object keys, keeps list order, writes numbers and booleans as text, skips null', () => {
    const message = {
      paymentMeanBrandList: ['VISA', 'MASTERCARD'],
      customerAddress: { zipCode: '75001', city: 'Paris', country: 'FRA' },
      amount: 1000,
      fraudData: { bypass3DS: true, list: [{ b: '2', a: '1' }] },
      comment: null,
    };
    expect(jsonSealData(message)).toBe('1000ParisFRA75001true12VISAMASTERCARD');
  });

  it('sorts keys by code unit, upper case before lower case', () => {
    expect(jsonSealData({ b: '2', B: '1', a: '3' })).toBe('132');
  });
});

import { createHmac } from 'node:crypto';
import { Blowfish } from 'egoroof-blowfish';
import { hexEquals } from '../sips/seal';

/**
 * Computop/Axepta `Data`: hex of Blowfish-ECB over `Key=Value&...`, zero-padded to 8-byte blocks;
 * `Len` is the unpadded length (PSP-FORMATS.md §5.1). Node's OpenSSL 3 has no Blowfish, hence the
 * pure-JS cipher.
 */
export function encryptData(plain: string, blowfishKey: string): { len: number; data: string } {
  const bytes = Buffer.from(plain, 'utf8');
  const cipher = new Blowfish(blowfishKey, Blowfish.MODE.ECB, Blowfish.PADDING.NULL);
  return { len: bytes.length, data: Buffer.from(cipher.encode(bytes)).toString('hex').toUpperCase() };
}

/** The plaintext bytes: the first `len` when given, else without trailing zero or PKCS#7 padding. */
export function decryptData(hex: string, blowfishKey: string, len: number | null): Buffer {
  // Zero padding is stripped (a `Key=Value&...` text never ends in NUL); PKCS#7 padding is cut below.
  const cipher = new Blowfish(blowfishKey, Blowfish.MODE.ECB, Blowfish.PADDING.NULL);
  const bytes = Buffer.from(cipher.decode(Buffer.from(hex, 'hex'), Blowfish.TYPE.UINT8_ARRAY));
  if (len !== null) return bytes.subarray(0, len);
  const last = bytes[bytes.length - 1] ?? 0;
  if (last > 0 && last <= 8 && bytes.subarray(bytes.length - last).every((b) => b === last)) return bytes.subarray(0, bytes.length - last);
  return bytes;
}

/** Request MAC: HMAC-SHA256 of `PayID*TransID*MerchantID*Amount*Currency`, upper-case hex. */
export function requestMac(hmacKey: string, f: { payId: string; transId: string; merchantId: string; amount: number; currency: string }): string {
  return hmac(hmacKey, [f.payId, f.transId, f.merchantId, String(f.amount), f.currency].join('*'));
}

/** Response/notify MAC: HMAC-SHA256 of `PayID*TransID*MerchantID*Status*Code`. */
export function responseMac(hmacKey: string, f: { payId: string; transId: string; merchantId: string; status: string; code: string }): string {
  return hmac(hmacKey, [f.payId, f.transId, f.merchantId, f.status, f.code].join('*'));
}

export function macEquals(a: string, b: string): boolean {
  return hexEquals(a, b);
}

function hmac(key: string, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex').toUpperCase();
}

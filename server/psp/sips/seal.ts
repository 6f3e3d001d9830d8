import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SealAlgorithm = 'SHA-256' | 'HMAC-SHA-256';

/**
 * Paypage response seal over `Data` exactly as posted (PSP-FORMATS.md §1.3):
 * SHA-256 = sha256(Data + secretKey), HMAC-SHA-256 = hmac(secretKey, Data); lower-case hex.
 */
export function paypageSeal(data: Buffer | string, secretKey: string, algorithm: SealAlgorithm): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (algorithm === 'HMAC-SHA-256') return createHmac('sha256', secretKey).update(bytes).digest('hex');
  return createHash('sha256').update(bytes).update(secretKey, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex strings, case-insensitive. */
export function hexEquals(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

const JSON_REQUEST_EXCLUDED = new Set(['seal', 'keyVersion', 'sealAlgorithm']);

/**
 * Sips Office JSON seal data (§3.3): values in ascending key order, nested objects sorted too, list
 * elements in their own order, concatenated as they appear in the JSON text.
 */
export function jsonSealData(message: Record<string, unknown>, excluded: ReadonlySet<string> = JSON_REQUEST_EXCLUDED): string {
  const walk = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    if (Array.isArray(value)) return value.map(walk).join('');
    if (typeof value === 'object') {
      return Object.keys(value as object)
        .sort()
        .map((k) => walk((value as Record<string, unknown>)[k]))
        .join('');
    }
    return String(value);
  };
  return Object.keys(message)
    .filter((k) => !excluded.has(k))
    .sort()
    .map((k) => walk(message[k]))
    .join('');
}

export function jsonSeal(message: Record<string, unknown>, secretKey: string, excluded?: ReadonlySet<string>): string {
  return createHmac('sha256', secretKey).update(jsonSealData(message, excluded), 'utf8').digest('hex');
}

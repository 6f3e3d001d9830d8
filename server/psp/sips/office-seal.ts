import { createHmac } from 'node:crypto';
import { hexEquals, jsonSealData } from './seal';

/**
 * Sips Office (JSON) seal, PSP-FORMATS.md §3.3: HMAC-SHA-256 (the JSON default; the account's
 * `sealAlgorithm` is the paypage's) over the values in ascending key order, lower-case hex.
 * A request leaves out `seal`, `keyVersion` and `sealAlgorithm`; a response leaves out `seal` only.
 */
const REQUEST_EXCLUDED: ReadonlySet<string> = new Set(['seal', 'keyVersion', 'sealAlgorithm']);
const RESPONSE_EXCLUDED: ReadonlySet<string> = new Set(['seal']);

function hmacHex(data: string, secretKey: string): string {
  return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(data, 'utf8').digest('hex');
}

/** The seal of a request we send (or the sandbox checks). */
export function officeSeal(fields: Record<string, unknown>, secretKey: string): string {
  return hmacHex(jsonSealData(fields, REQUEST_EXCLUDED), secretKey);
}

/** The seal of a response (what the sandbox signs its answers with). */
export function officeResponseSeal(fields: Record<string, unknown>, secretKey: string): string {
  return hmacHex(jsonSealData(fields, RESPONSE_EXCLUDED), secretKey);
}

/** True when the request carries a seal that matches its fields. */
export function officeRequestSealValid(message: Record<string, unknown>, secretKey: string): boolean {
  return typeof message.seal === 'string' && hexEquals(message.seal, officeSeal(message, secretKey));
}

/** True when the response carries a seal that matches its fields: only then can it be believed. */
export function officeResponseSealValid(message: Record<string, unknown>, secretKey: string): boolean {
  return typeof message.seal === 'string' && hexEquals(message.seal, officeResponseSeal(message, secretKey));
}

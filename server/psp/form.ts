import { decodeText } from '../bytes';

/**
 * `application/x-www-form-urlencoded` and query strings, decoded to bytes: signatures are computed on
 * bytes, and a PSP may send ISO-8859-1, so text decoding is the caller's decision.
 */
export interface FormField {
  name: string;
  value: Buffer;
  /** The pair as it appeared on the wire, still encoded. */
  raw: string;
}

export class FormFields {
  constructor(readonly fields: readonly FormField[]) {}

  /** Case-insensitive: PSPs return parameter names in upper or lower case (001, "Notice"). */
  get(name: string): FormField | undefined {
    const wanted = name.toLowerCase();
    return this.fields.find((f) => f.name.toLowerCase() === wanted);
  }

  text(name: string): string | undefined {
    const f = this.get(name);
    return f ? decodeText(f.value) : undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
}

/** Percent-decodes to bytes; `plusIsSpace` for HTML forms, not for Paybox query strings. */
export function percentDecode(text: string, plusIsSpace: boolean): Buffer {
  if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) return Buffer.from(text, 'latin1');
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x25 /* % */ && i + 2 < text.length) {
      const hi = hexValue(text.charCodeAt(i + 1));
      const lo = hexValue(text.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out[n++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    // Not an escape: the character itself (Latin-1, as the signature was computed on bytes).
    out[n++] = ch === 0x2b /* + */ && plusIsSpace ? 0x20 : ch & 0xff;
  }
  return out.subarray(0, n);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

export function parseForm(raw: string, plusIsSpace = true): FormFields {
  const fields: FormField[] = [];
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    fields.push({ name: percentDecode(rawName, plusIsSpace).toString('latin1'), value: percentDecode(rawValue, plusIsSpace), raw: pair });
  }
  return new FormFields(fields);
}

/** RFC 3986 encoding of a value, as PHP's `http_build_query(..., PHP_QUERY_RFC3986)` does. */
export function rfc3986(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

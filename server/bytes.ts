import { isUtf8 } from 'node:buffer';

/* Text out of bytes that may not be UTF-8 (ISO-8859-1 PSPs, tampered requests). */

/** UTF-8 when the bytes are valid UTF-8, else ISO-8859-1. */
export function decodeText(bytes: Buffer): string {
  return invalidUtf8Offset(bytes) < 0 ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** Strict UTF-8 (RFC 3629): the byte offset of the first invalid sequence, or -1 when valid. */
export function invalidUtf8Offset(bytes: Buffer): number {
  // Node's check is native; the walk below only runs to say where a bad byte is.
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    // The first continuation byte has a narrower range (no overlongs, no surrogates, nothing past U+10FFFF).
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < len; k++) {
      const b = bytes[i + k]!;
      if (k === 1 ? b < lo || b > hi : b < 0x80 || b > 0xbf) return i;
    }
    i += len;
  }
  return -1;
}

/** Text out of bytes that may not be UTF-8 (ISO-8859-1 PSPs, tampered requests). */

/** UTF-8 when the bytes are valid UTF-8, else ISO-8859-1. */
export function decodeText(bytes: Buffer): string {
  return invalidUtf8Offset(bytes) < 0 ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** Strict UTF-8 (RFC 3629): the byte offset of the first invalid sequence, or -1 when valid. */
export function invalidUtf8Offset(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    const [len, lo, hi] =
      c < 0x80 ? [1, 0, 0] : c >= 0xc2 && c <= 0xdf ? [2, 0x80, 0xbf] : c === 0xe0 ? [3, 0xa0, 0xbf] : c === 0xed ? [3, 0x80, 0x9f]
      : c >= 0xe1 && c <= 0xef ? [3, 0x80, 0xbf] : c === 0xf0 ? [4, 0x90, 0xbf] : c >= 0xf1 && c <= 0xf3 ? [4, 0x80, 0xbf]
      : c === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
    if (len === 0 || i + len > bytes.length) return i;
    // The first continuation byte has a narrower range (no overlongs, no surrogates, nothing past U+10FFFF).
    for (let k = 1; k < len; k++) {
      const b = bytes[i + k]!;
      if (k === 1 ? b < lo || b > hi : b < 0x80 || b > 0xbf) return i;
    }
    i += len;
  }
  return -1;
}

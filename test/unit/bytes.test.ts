import { describe, expect, it } from 'vitest';
import { decodeText, invalidUtf8Offset } from '../../server/bytes';

const b = (...bytes: number[]) => Buffer.from(bytes);
const ascii = (text: string) => [...Buffer.from(text, 'latin1')];

describe('invalidUtf8Offset on valid UTF-8', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['ASCII', Buffer.from('Mt=1900&Ref=CMD-1', 'utf8')],
    ['2-, 3- and 4-byte characters', Buffer.from('été € 😀 Chèque-Vacances', 'utf8')],
    ['U+D7FF, the last code point before the surrogates', b(0xed, 0x9f, 0xbf)],
    ['U+E000, the first one after', b(0xee, 0x80, 0x80)],
    ['U+10FFFF, the last code point', b(0xf4, 0x8f, 0xbf, 0xbf)],
    ['U+0080 and U+0800, the smallest non-overlong forms', b(0xc2, 0x80, 0xe0, 0xa0, 0x80)],
  ])('%s → -1', (_name, bytes) => {
    expect(invalidUtf8Offset(bytes)).toBe(-1);
  });
});

describe('invalidUtf8Offset on invalid bytes gives the offset of the first bad sequence', () => {
  it.each([
    ['overlong 2-byte "/" (C0 AF)', b(0x61, 0x62, 0xc0, 0xaf), 2],
    ['overlong 2-byte (C1 BF)', b(0xc1, 0xbf), 0],
    ['overlong 3-byte (E0 80 AF)', b(0x61, 0xe0, 0x80, 0xaf), 1],
    ['overlong 4-byte (F0 80 80 AF)', b(0xf0, 0x80, 0x80, 0xaf), 0],
    ['UTF-16 high surrogate U+D800 (ED A0 80)', b(0x61, 0xed, 0xa0, 0x80), 1],
    ['UTF-16 low surrogate U+DFFF (ED BF BF)', b(0xed, 0xbf, 0xbf), 0],
    ['beyond U+10FFFF (F4 90 80 80)', b(0xf4, 0x90, 0x80, 0x80), 0],
    ['F5 lead byte', b(0xf5, 0x80, 0x80, 0x80), 0],
    ['FF byte', b(0x61, 0xff), 1],
    ['lone continuation byte', b(0x80), 0],
    ['truncated € at the end (E2 82)', b(...ascii('1 '), 0xe2, 0x82), 2],
    ['truncated 4-byte sequence (F0 9F 98)', b(0x61, 0xf0, 0x9f, 0x98), 1],
    ['lead byte followed by ASCII (C3 28)', b(0xc3, 0x28), 0],
    ['bad second continuation (E2 82 28)', b(0xe2, 0x82, 0x28), 0],
    ['Latin-1 "é" (E9) at the end of "café"', b(...ascii('caf'), 0xe9), 3],
    ['Latin-1 "é" (E9) inside a word', b(...ascii('caf'), 0xe9, ...ascii(' noir')), 3],
    ['valid UTF-8 then a Latin-1 byte', Buffer.concat([Buffer.from('é', 'utf8'), b(0xe9)]), 2],
  ])('%s → %i', (_name, bytes, offset) => {
    expect(invalidUtf8Offset(bytes)).toBe(offset);
  });
});

describe('invalidUtf8Offset agrees with a strict decoder', () => {
  /** A small deterministic generator, so that a failure can be replayed. */
  function* randomBuffers(count: number): Generator<Buffer> {
    let seed = 0x2545f491;
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    const interesting = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];
    for (let i = 0; i < count; i++) {
      const length = next() % 7;
      const bytes: number[] = [];
      for (let k = 0; k < length; k++) bytes.push(next() % 3 === 0 ? next() % 256 : interesting[next() % interesting.length]!);
      yield Buffer.from(bytes);
    }
  }

  it('valid exactly when TextDecoder (fatal) accepts, and the prefix before the offset is valid', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const decodes = (bytes: Buffer) => {
      try {
        strict.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    let invalid = 0;
    for (const bytes of randomBuffers(5000)) {
      const offset = invalidUtf8Offset(bytes);
      expect(offset < 0, bytes.toString('hex')).toBe(decodes(bytes));
      if (offset >= 0) {
        invalid++;
        expect(decodes(bytes.subarray(0, offset)), bytes.toString('hex')).toBe(true);
        expect(offset).toBeLessThan(bytes.length);
      }
    }
    expect(invalid).toBeGreaterThan(1000);
  });
});

describe('decodeText', () => {
  it('decodes valid UTF-8 as UTF-8', () => {
    expect(decodeText(Buffer.from('Chèque-Vacances €', 'utf8'))).toBe('Chèque-Vacances €');
  });

  it('falls back to ISO-8859-1 when the bytes are not UTF-8', () => {
    expect(decodeText(b(0xe9, 0x74, 0xe9))).toBe('été');
    expect(decodeText(b(...ascii('Demande trait'), 0xe9, 0x65))).toBe('Demande traitée');
    // One bad byte makes the whole text Latin-1, valid UTF-8 sequences included.
    expect(decodeText(b(0xc3, 0xa9, 0xe9))).toBe('Ã©é');
  });
});

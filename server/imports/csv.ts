import { isUtf8 } from 'node:buffer';

/**
 * Streaming reader for separated report files (PSP transaction and operation reports). Written here
 * rather than taken from a package because imports need exact physical line numbers and errors a
 * person can act on. Lines end with \n, \r\n or \r; fields follow RFC 4180 double quotes.
 */

export interface CsvRecord {
  /** 1-based physical line where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}
export interface CsvProblem {
  line: number;
  /** 1-based field number where the problem is, or null for the whole line. */
  column: number | null;
  code: 'UNCLOSED_QUOTE' | 'BAD_QUOTE' | 'BAD_ENCODING';
  message: string;
}
export type CsvItem = CsvRecord | CsvProblem; // distinguish by 'fields' in item

/**
 * A record longer than this many characters is not a report line: the quoted field that runs past it
 * is reported as never closed (a stray quote would otherwise swallow the rest of the file), and an
 * unquoted line that runs past it is skipped as BAD_ENCODING (a binary or compressed file, or one
 * whose line breaks are not \n or \r). It also bounds the partial record held between chunks.
 */
const MAX_RECORD_CHARS = 1 << 20;
/** How many bytes readCsv looks at to detect the encoding when none is given. */
const HEAD_BYTES = 64 * 1024;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const EMPTY = new Uint8Array(0);

/** Detects the text encoding from the first bytes: a UTF-8 BOM or valid UTF-8 → 'utf-8'; otherwise 'latin1' (ISO-8859-1, which Sips files may use). */
export function detectEncoding(head: Uint8Array): 'utf-8' | 'latin1' {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  // The head is cut anywhere: a character cut at its end is not a reason to call the file latin1.
  return isUtf8(head.subarray(0, head.length - incompleteTail(head))) ? 'utf-8' : 'latin1';
}

/**
 * Streams records out of byte chunks: decodes (BOM stripped), splits lines on \n, \r\n or \r, splits fields on `separator`,
 * honours RFC 4180 double quotes ("a;b" is one field, "" inside quotes is a quote, quoted fields may contain newlines).
 * Yields arrays of items (batches, for speed: one array per input chunk), in file order. Empty lines are skipped (but counted for line numbers).
 * Never throws on bad input: bad input becomes a CsvProblem item and reading continues with the next line when possible.
 * When the file is UTF-8 and a later chunk holds bytes that are not valid UTF-8, yield a BAD_ENCODING problem at that line (and continue decoding with replacement).
 *
 * Without `encoding`, the first 64 KiB (or the whole input when shorter) decide it (detectEncoding), so the
 * first batch may cover several chunks. Chunks that give no item give no batch. A BAD_ENCODING problem comes
 * just before the record it is in, which is still yielded with U+FFFD in place of the bad bytes. Throws
 * (TypeError) only on a separator that is not one character other than a quote or a line break.
 */
export async function* readCsv(
  source: AsyncIterable<Uint8Array>,
  options: { separator: string; encoding?: 'utf-8' | 'latin1' },
): AsyncGenerator<CsvItem[]> {
  checkSeparator(options.separator);
  const parser = new Parser(options.separator);
  let decoder: Decoder | null = options.encoding ? makeDecoder(options.encoding) : null;
  let head: Uint8Array[] = [];
  let headBytes = 0;
  for await (const chunk of source) {
    let bytes = chunk;
    if (!decoder) {
      // Sources may reuse their buffers: keep copies until the encoding is known.
      head.push(new Uint8Array(chunk));
      headBytes += chunk.length;
      if (headBytes < HEAD_BYTES) continue;
      bytes = concatBytes(head);
      head = [];
      decoder = makeDecoder(detectEncoding(bytes));
    }
    const out: CsvItem[] = [];
    const { text, bad } = decoder.decode(bytes);
    parser.push(text, bad, false, out);
    if (out.length > 0) yield out;
  }
  const out: CsvItem[] = [];
  if (!decoder) {
    const bytes = concatBytes(head);
    decoder = makeDecoder(detectEncoding(bytes));
    const { text, bad } = decoder.decode(bytes);
    parser.push(text, bad, false, out);
  }
  const { text, bad } = decoder.end();
  parser.push(text, bad, true, out);
  if (out.length > 0) yield out;
}

/**
 * Splits one already-decoded line (no newline inside) the same way; for header and preamble lines.
 * It cannot report problems, so it is lenient where readCsv is not: a quoted field never closed takes the
 * rest of the line, and text after a closing quote is kept (`"ab"c` → `abc`).
 */
export function splitLine(text: string, separator: string): string[] {
  checkSeparator(separator);
  if (text.indexOf('"') < 0) return text.split(separator);
  const fields: string[] = [];
  let value = '';
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') value += c;
      else if (text[i + 1] === '"') {
        value += '"';
        i++;
      } else quoted = false;
    } else if (c === separator) {
      fields.push(value);
      value = '';
      fieldStart = true;
      continue;
    } else if (c === '"' && fieldStart) quoted = true;
    else value += c;
    fieldStart = false;
  }
  fields.push(value);
  return fields;
}

function checkSeparator(separator: string): void {
  if (separator.length !== 1 || separator === '"' || separator === '\n' || separator === '\r') {
    throw new TypeError(`the separator must be one character other than a double quote or a line break, not ${JSON.stringify(separator)}`);
  }
}

// ---- Decoding ----

interface Decoded {
  text: string;
  /** Indexes in `text` of replacement characters that stand for bytes that are not valid UTF-8, or null. */
  bad: number[] | null;
}
interface Decoder {
  decode(chunk: Uint8Array): Decoded;
  end(): Decoded;
}

function makeDecoder(encoding: 'utf-8' | 'latin1'): Decoder {
  if (encoding === 'latin1') {
    return {
      decode: (chunk) => ({ text: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1'), bad: null }),
      end: () => ({ text: '', bad: null }),
    };
  }
  return new Utf8Decoder();
}

/**
 * Streaming UTF-8 with replacement. The bytes are checked only when the text holds U+FFFD (a native
 * indexOf on valid files): then a strict check of the bytes tells a replacement from a U+FFFD the file
 * really holds. When a chunk is invalid, every U+FFFD of its text counts as bad.
 */
class Utf8Decoder implements Decoder {
  private readonly decoder = new TextDecoder('utf-8'); // not fatal; strips a BOM
  /** The incomplete character at the end of the previous chunk (0 to 3 bytes). */
  private carry: Uint8Array = EMPTY;

  decode(chunk: Uint8Array): Decoded {
    const text = this.decoder.decode(chunk, { stream: true });
    const bytes = this.carry.length > 0 && chunk.length < 3 ? concatBytes([this.carry, chunk]) : chunk;
    const tail = incompleteTail(bytes);
    let bad: number[] | null = null;
    if (text.indexOf('\uFFFD') >= 0) {
      const whole = this.carry.length > 0 && bytes === chunk ? concatBytes([this.carry, chunk]) : bytes;
      if (!isUtf8(whole.subarray(0, whole.length - tail))) bad = replacements(text);
    }
    this.carry = tail > 0 ? bytes.slice(bytes.length - tail) : EMPTY;
    return { text, bad };
  }

  end(): Decoded {
    const text = this.decoder.decode();
    // Whatever the decoder still held is a character cut by the end of the file.
    const bad = this.carry.length > 0 && text.indexOf('\uFFFD') >= 0 ? replacements(text) : null;
    this.carry = EMPTY;
    return { text, bad };
  }
}

function replacements(text: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) at.push(i);
  return at;
}

/** How many bytes at the end start a UTF-8 character that the bytes do not finish (0 to 3). */
function incompleteTail(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = bytes[n - k]!;
    if (c < 0x80) return 0;
    if (c >= 0xc0) {
      const length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return length > k ? k : 0;
    }
  }
  return 0;
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const all = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

// ---- Parsing ----

/** What parseQuotedRecord found from a record start. */
type Slow =
  | { kind: 'record'; fields: string[]; starts: number[]; end: number; breaks: number }
  | { kind: 'more' }
  | { kind: 'unclosed'; column: number; openAt: number; openBreaks: number; cut: boolean }
  | { kind: 'badQuote'; column: number; at: number; breaks: number }
  | { kind: 'tooLong'; at: number; breaks: number };

class Parser {
  /** The start of a record that the text so far does not finish; it begins at physical line pendingLine. */
  private pending = '';
  private pendingLine = 1;
  /** Indexes in `pending` of bad UTF-8. */
  private pendingBad: number[] = [];
  /** The text so far ended with \r: a \n first in the next text is the same line break. */
  private skipLF = false;
  /** Discarding the rest of a line too long to be one (until its line break). */
  private skipping = false;

  constructor(private readonly separator: string) {}

  push(text: string, textBad: number[] | null, final: boolean, out: CsvItem[]): void {
    const buf = this.pending.length > 0 ? this.pending + text : text;
    const len = buf.length;
    let bad = this.pendingBad;
    if (textBad) {
      const base = this.pending.length;
      bad = bad.length > 0 ? bad.slice() : [];
      for (const i of textBad) bad.push(base + i);
    }
    let bi = 0;
    let pos = 0;
    let line = this.pendingLine;
    this.pending = '';
    this.pendingBad = [];

    if (this.skipLF && len > 0) {
      this.skipLF = false;
      if (buf.charCodeAt(0) === LF) pos = 1;
    }
    if (this.skipping) {
      const b = nextBreak(buf, pos);
      if (b < 0) {
        if (final) this.skipping = false;
        this.pendingLine = line;
        return;
      }
      this.skipping = false;
      pos = b;
    }

    const separator = this.separator;
    // First index at or after pos of \n, \r and ", or len when there is none; -1: to look up.
    let nextLF = -1;
    let nextCR = -1;
    let nextQ = -1;
    while (pos < len) {
      const c = buf.charCodeAt(pos);
      if (c === LF) {
        line++;
        pos++;
        continue;
      }
      if (c === CR) {
        line++;
        pos++;
        if (pos < len) {
          if (buf.charCodeAt(pos) === LF) pos++;
        } else if (!final) this.skipLF = true;
        continue;
      }
      if (nextLF < pos) {
        nextLF = buf.indexOf('\n', pos);
        if (nextLF < 0) nextLF = len;
      }
      if (nextCR < pos) {
        nextCR = buf.indexOf('\r', pos);
        if (nextCR < 0) nextCR = len;
      }
      if (nextQ < pos) {
        nextQ = buf.indexOf('"', pos);
        if (nextQ < 0) nextQ = len;
      }
      const eol = nextLF < nextCR ? nextLF : nextCR;

      if (nextQ >= eol) {
        // Fast path: no quote on this line.
        if (eol - pos > MAX_RECORD_CHARS) {
          out.push(tooLong(line));
          if (eol === len && !final) this.skipping = true;
          pos = eol;
          continue;
        }
        if (eol === len && !final) break;
        while (bi < bad.length && bad[bi]! < pos) bi++;
        if (bi < bad.length && bad[bi]! < eol) {
          const at = bad[bi]!;
          out.push(badEncoding(line, countSeparators(buf, separator, pos, at) + 1));
          while (bi < bad.length && bad[bi]! < eol) bi++;
        }
        out.push({ line, fields: buf.slice(pos, eol).split(separator) });
        pos = eol;
        continue;
      }

      const r = parseQuotedRecord(buf, pos, separator, final);
      if (r.kind === 'more') break;
      if (r.kind === 'record') {
        while (bi < bad.length && bad[bi]! < pos) bi++;
        if (bi < bad.length && bad[bi]! < r.end) {
          const at = bad[bi]!;
          let column = 1;
          while (column < r.starts.length && r.starts[column]! <= at) column++;
          out.push(badEncoding(line + countBreaks(buf, pos, at), column));
          while (bi < bad.length && bad[bi]! < r.end) bi++;
        }
        out.push({ line, fields: r.fields });
        line += r.breaks;
        pos = r.end;
        continue;
      }
      // A problem: report it, then go on from the line break that ends the physical line it is on.
      let from: number;
      if (r.kind === 'unclosed') {
        line += r.openBreaks;
        out.push({
          line,
          column: r.column,
          code: 'UNCLOSED_QUOTE',
          message: r.cut
            ? 'the quoted field opened here is never closed: the file may be cut'
            : `the quoted field opened here is still open ${MAX_RECORD_CHARS} characters further: a quote is missing or stray; reading goes on with the next line`,
        });
        from = r.openAt;
      } else if (r.kind === 'badQuote') {
        line += r.breaks;
        out.push({
          line,
          column: r.column,
          code: 'BAD_QUOTE',
          message: 'text follows the closing quote of this field before the separator: a quote inside a quoted field must be doubled ("")',
        });
        from = r.at;
      } else {
        line += r.breaks;
        out.push(tooLong(line));
        from = r.at;
      }
      const b = nextBreak(buf, from);
      if (b >= 0) pos = b;
      else {
        if (!final) this.skipping = true;
        pos = len;
      }
    }

    if (pos < len) {
      this.pending = buf.slice(pos);
      while (bi < bad.length && bad[bi]! < pos) bi++;
      for (; bi < bad.length; bi++) this.pendingBad.push(bad[bi]! - pos);
    }
    this.pendingLine = line;
  }
}

/**
 * The char-by-char path, for a record with a quote in it, from its start `pos`. Every decision is
 * made on text that holds what it needs (else 'more'), so the result does not depend on the chunks.
 */
function parseQuotedRecord(buf: string, pos: number, separator: string, final: boolean): Slow {
  const len = buf.length;
  const limit = pos + MAX_RECORD_CHARS;
  const sep = separator.charCodeAt(0);
  const fields: string[] = [];
  const starts: number[] = [];
  let breaks = 0;
  let i = pos;
  for (;;) {
    const column = fields.length + 1;
    if (i > limit) return { kind: 'tooLong', at: i, breaks };
    starts.push(i);
    if (i < len && buf.charCodeAt(i) === QUOTE) {
      const openAt = i;
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = buf.indexOf('"', from);
        if (q < 0 || q > limit) {
          if (q < 0 && !final && len <= limit) return { kind: 'more' };
          return { kind: 'unclosed', column, openAt, openBreaks: breaks, cut: q < 0 && len <= limit };
        }
        if (q + 1 === len && !final) return { kind: 'more' }; // a doubled quote, or the closing one?
        if (q + 1 < len && buf.charCodeAt(q + 1) === QUOTE) {
          value += buf.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += buf.slice(from, q);
        breaks += countBreaks(buf, openAt + 1, q);
        i = q + 1;
        break;
      }
      if (i === len) {
        fields.push(value);
        return { kind: 'record', fields, starts, end: len, breaks };
      }
      const c = buf.charCodeAt(i);
      if (c === sep) {
        fields.push(value);
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        fields.push(value);
        return { kind: 'record', fields, starts, end: i, breaks };
      }
      return { kind: 'badQuote', column, at: i, breaks };
    }
    // Unquoted: up to the separator or the line break; a quote inside is kept as it is.
    let j = i;
    let c = -1;
    while (j < len) {
      c = buf.charCodeAt(j);
      if (c === sep || c === LF || c === CR) break;
      j++;
    }
    if (j > limit) return { kind: 'tooLong', at: j, breaks };
    if (j === len && !final) return { kind: 'more' };
    fields.push(buf.slice(i, j));
    if (j === len || c !== sep) return { kind: 'record', fields, starts, end: j, breaks };
    i = j + 1;
  }
}

function tooLong(line: number): CsvProblem {
  return {
    line,
    column: null,
    code: 'BAD_ENCODING',
    message: `this line runs past ${MAX_RECORD_CHARS} characters without a line break: the file is not a text report (a binary or compressed file?); the line is skipped`,
  };
}

function badEncoding(line: number, column: number): CsvProblem {
  return {
    line,
    column,
    code: 'BAD_ENCODING',
    message: 'this line holds bytes that are not valid UTF-8 (read as U+FFFD): the file mixes encodings; export it again in UTF-8 (or all in ISO-8859-1)',
  };
}

/** Index of the first \n or \r at or after `from`, or -1. */
function nextBreak(buf: string, from: number): number {
  const lf = buf.indexOf('\n', from);
  const cr = buf.indexOf('\r', from);
  return lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
}

/** Line breaks (\n, \r\n, \r) in buf[from, to). */
function countBreaks(buf: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const c = buf.charCodeAt(k);
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (k + 1 < to && buf.charCodeAt(k + 1) === LF) k++;
    }
  }
  return n;
}

function countSeparators(buf: string, separator: string, from: number, to: number): number {
  let n = 0;
  for (let k = buf.indexOf(separator, from); k >= 0 && k < to; k = buf.indexOf(separator, k + 1)) n++;
  return n;
}

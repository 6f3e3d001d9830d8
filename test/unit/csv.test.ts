import { describe, expect, it } from 'vitest';
import { detectEncoding, readCsv, splitLine, type CsvItem } from '../../server/imports/csv';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

async function* fromChunks(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

/** Cuts bytes into chunks ending at the given offsets. */
function cut(bytes: Uint8Array, ...at: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    chunks.push(bytes.subarray(from, to));
    from = to;
  }
  return chunks;
}

function every(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

async function batches(chunks: Uint8Array[], options: { separator: string; encoding?: 'utf-8' | 'latin1' } = { separator: ';' }): Promise<CsvItem[][]> {
  const out: CsvItem[][] = [];
  for await (const batch of readCsv(fromChunks(chunks), options)) out.push(batch);
  return out;
}

async function read(input: string | Uint8Array | Uint8Array[], options: { separator: string; encoding?: 'utf-8' | 'latin1' } = { separator: ';' }): Promise<CsvItem[]> {
  const chunks = typeof input === 'string' ? [utf8(input)] : Array.isArray(input) ? input : [input];
  return (await batches(chunks, options)).flat();
}

const rec = (line: number, ...fields: string[]) => ({ line, fields });

describe('readCsv: records', () => {
  it('reads plain lines, with or without a final line break', async () => {
    expect(await read('id;amount;status\nT1;1990;CAPTURED\nT2;500;REFUSED\n')).toEqual([
      rec(1, 'id', 'amount', 'status'),
      rec(2, 'T1', '1990', 'CAPTURED'),
      rec(3, 'T2', '500', 'REFUSED'),
    ]);
    expect(await read('a;b\nc;d')).toEqual([rec(1, 'a', 'b'), rec(2, 'c', 'd')]);
  });

  it('keeps empty fields, at the start, in the middle and at the end', async () => {
    expect(await read(';a;;b;\n;;\n')).toEqual([rec(1, '', 'a', '', 'b', ''), rec(2, '', '', '')]);
  });

  it('uses the separator given', async () => {
    expect(await read('a,b;c\n"x,y",z\n', { separator: ',' })).toEqual([rec(1, 'a', 'b;c'), rec(2, 'x,y', 'z')]);
    expect(await read('a\tb\n"x\ty"\tz\n', { separator: '\t' })).toEqual([rec(1, 'a', 'b'), rec(2, 'x\ty', 'z')]);
  });

  it('keeps the separator inside quotes', async () => {
    expect(await read('T1;"Dupont; Jean";1990\n"a;b;c"\n')).toEqual([rec(1, 'T1', 'Dupont; Jean', '1990'), rec(2, 'a;b;c')]);
  });

  it('reads a doubled quote inside quotes as one quote', async () => {
    expect(await read('"say ""hi""";"""";"";x\n')).toEqual([rec(1, 'say "hi"', '"', '', 'x')]);
  });

  it('keeps line breaks inside quotes and numbers the following records by physical line', async () => {
    const items = await read('id;note\nT1;"first\nsecond\r\nthird\rfourth"\nT2;ok\n\nT3;"a\n"\nT4;end');
    expect(items).toEqual([
      rec(1, 'id', 'note'),
      rec(2, 'T1', 'first\nsecond\r\nthird\rfourth'),
      rec(6, 'T2', 'ok'),
      rec(8, 'T3', 'a\n'),
      rec(10, 'T4', 'end'),
    ]);
  });

  it('splits lines on CRLF and on a lone CR', async () => {
    expect(await read('a;b\r\nc;d\re;f\r\n\r\ng;h\r')).toEqual([rec(1, 'a', 'b'), rec(2, 'c', 'd'), rec(3, 'e', 'f'), rec(5, 'g', 'h')]);
  });

  it('skips empty lines but counts them', async () => {
    expect(await read('\n\na;b\n\n\nc;d\n\n')).toEqual([rec(3, 'a', 'b'), rec(6, 'c', 'd')]);
    expect(await read('\r\n\r\n\r\n')).toEqual([]);
    expect(await read('')).toEqual([]);
    expect(await read([])).toEqual([]);
  });

  it('keeps a quote in the middle of an unquoted field as it is', async () => {
    expect(await read('ab"c;d"\ne;5" screen\n')).toEqual([rec(1, 'ab"c', 'd"'), rec(2, 'e', '5" screen')]);
  });

  it('yields one batch per chunk when the encoding is given, and none for a chunk without an item', async () => {
    const result = await batches([utf8('a;b\nc;'), utf8('d\ne;f\n'), utf8('g'), utf8(';h\n')], { separator: ';', encoding: 'utf-8' });
    expect(result).toEqual([[rec(1, 'a', 'b')], [rec(2, 'c', 'd'), rec(3, 'e', 'f')], [rec(4, 'g', 'h')]]);
  });
});

describe('readCsv: chunk boundaries', () => {
  const text = '\uFEFFRéférence;Montant;Note\r\nCMD-€1;1990;"prix ""net""; 5 €"\n\nCMD-😀;0;"deux\r\nlignes é"\rCMD-3;12;ab"c\r\n;;\nfin;€;é';
  const expected = [
    rec(1, 'Référence', 'Montant', 'Note'),
    rec(2, 'CMD-€1', '1990', 'prix "net"; 5 €'),
    rec(4, 'CMD-😀', '0', 'deux\r\nlignes é'),
    rec(6, 'CMD-3', '12', 'ab"c'),
    rec(7, '', '', ''),
    rec(8, 'fin', '€', 'é'),
  ];
  const bytes = utf8(text);

  it('reads the file in one chunk', async () => {
    expect(await read(bytes)).toEqual(expected);
  });

  it('gives the same records for a cut at every byte, detected or given encoding', async () => {
    for (let at = 0; at <= bytes.length; at++) {
      expect(await read(cut(bytes, at)), `cut at ${at}`).toEqual(expected);
      expect(await read(cut(bytes, at), { separator: ';', encoding: 'utf-8' }), `cut at ${at}, utf-8 given`).toEqual(expected);
    }
  });

  it('gives the same records for two cuts anywhere', async () => {
    for (let a = 1; a < bytes.length; a++) {
      for (let b = a; b < bytes.length; b += 3) {
        expect(await read(cut(bytes, a, b), { separator: ';', encoding: 'utf-8' }), `cuts at ${a} and ${b}`).toEqual(expected);
      }
    }
  });

  it('gives the same records one byte at a time', async () => {
    expect(await read(every(bytes, 1))).toEqual(expected);
    expect(await read(every(bytes, 1), { separator: ';', encoding: 'utf-8' })).toEqual(expected);
  });
});

describe('encoding', () => {
  it('detectEncoding: UTF-8, ASCII, a BOM, an empty head and a head cut inside a character are utf-8', () => {
    expect(detectEncoding(utf8('Référence;Montant €'))).toBe('utf-8');
    expect(detectEncoding(utf8('REFERENCE;AMOUNT'))).toBe('utf-8');
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0xe9]))).toBe('utf-8');
    expect(detectEncoding(new Uint8Array(0))).toBe('utf-8');
    const euro = utf8('a;€');
    expect(detectEncoding(euro.subarray(0, euro.length - 1))).toBe('utf-8');
  });

  it('detectEncoding: ISO-8859-1 bytes are latin1', () => {
    expect(detectEncoding(latin1('Référence;Montant'))).toBe('latin1');
    expect(detectEncoding(new Uint8Array([0x52, 0xe9, 0x66]))).toBe('latin1');
  });

  it('reads an ISO-8859-1 file as latin1 when no encoding is given, whatever the chunks', async () => {
    const bytes = latin1('Référence;Libellé\nCMD-1;Chèque-Vacances\n');
    const expected = [rec(1, 'Référence', 'Libellé'), rec(2, 'CMD-1', 'Chèque-Vacances')];
    expect(await read(bytes)).toEqual(expected);
    expect(await read(every(bytes, 1))).toEqual(expected);
    expect(await read(bytes, { separator: ';', encoding: 'latin1' })).toEqual(expected);
  });

  it('strips a UTF-8 BOM, also when it arrives one byte at a time', async () => {
    const bytes = utf8('\uFEFFTITLE;x\nREF;AMOUNT\n');
    const expected = [rec(1, 'TITLE', 'x'), rec(2, 'REF', 'AMOUNT')];
    expect(await read(bytes)).toEqual(expected);
    expect(await read(every(bytes, 1))).toEqual(expected);
    expect(await read(bytes, { separator: ';', encoding: 'utf-8' })).toEqual(expected);
  });

  it('reports bytes that are not UTF-8 in a UTF-8 file at their line and field, then goes on with replacement', async () => {
    const bytes = new Uint8Array([...utf8('a;b\nCMD-1;R'), 0xe9, ...utf8('f\nc;"x\ny'), 0xff, ...utf8('"\nd;€\n')]);
    const expected = [
      rec(1, 'a', 'b'),
      { line: 2, column: 2, code: 'BAD_ENCODING', message: expect.stringContaining('not valid UTF-8') },
      rec(2, 'CMD-1', 'R\uFFFDf'),
      { line: 4, column: 2, code: 'BAD_ENCODING', message: expect.stringContaining('not valid UTF-8') },
      rec(3, 'c', 'x\ny\uFFFD'),
      rec(5, 'd', '€'),
    ];
    expect(await read(bytes, { separator: ';', encoding: 'utf-8' })).toEqual(expected);
    for (let at = 0; at <= bytes.length; at++) {
      expect(await read(cut(bytes, at), { separator: ';', encoding: 'utf-8' }), `cut at ${at}`).toEqual(expected);
    }
  });

  it('reports latin1 bytes that come after a UTF-8 (ASCII) head of 64 KiB', async () => {
    const head = 'REF;AMOUNT\n' + 'CMD;1\n'.repeat(11_000);
    const lines = head.split('\n').length - 1;
    const bytes = new Uint8Array([...utf8(head), ...latin1('Référence;2\n')]);
    const items = await read(every(bytes, 4096));
    expect(items).toHaveLength(lines + 2);
    expect(items.slice(-2)).toEqual([
      { line: lines + 1, column: 1, code: 'BAD_ENCODING', message: expect.any(String) },
      rec(lines + 1, 'R\uFFFDf\uFFFDrence', '2'),
    ]);
  });

  it('does not report a U+FFFD the UTF-8 file really holds', async () => {
    expect(await read('a;\uFFFD\nb;c\n')).toEqual([rec(1, 'a', '\uFFFD'), rec(2, 'b', 'c')]);
  });

  it('reports a character cut by the end of the file', async () => {
    const bytes = utf8('a;b\nc;€');
    expect(await read(bytes.subarray(0, bytes.length - 1), { separator: ';', encoding: 'utf-8' })).toEqual([
      rec(1, 'a', 'b'),
      { line: 2, column: 2, code: 'BAD_ENCODING', message: expect.any(String) },
      rec(2, 'c', '\uFFFD'),
    ]);
  });
});

describe('readCsv: problems', () => {
  it('reports a quoted field never closed at the line and field where it opened (the file is cut)', async () => {
    const items = await read('REF;NOTE;AMOUNT\nT1;ok;1\nT2;"cut in the mid');
    expect(items).toEqual([
      rec(1, 'REF', 'NOTE', 'AMOUNT'),
      rec(2, 'T1', 'ok', '1'),
      { line: 3, column: 2, code: 'UNCLOSED_QUOTE', message: 'the quoted field opened here is never closed: the file may be cut' },
    ]);
  });

  it('reports a stray opening quote and reads the lines after it', async () => {
    expect(await read('T1;"stray;1\nT2;x;2\n\nT3;y;3\n')).toEqual([
      { line: 1, column: 2, code: 'UNCLOSED_QUOTE', message: expect.stringContaining('never closed') },
      rec(2, 'T2', 'x', '2'),
      rec(4, 'T3', 'y', '3'),
    ]);
  });

  it('reports the line where a quoted field opens when an earlier field of the record spans lines', async () => {
    expect(await read('T1;"a\nb";"c\nd')).toEqual([
      { line: 2, column: 3, code: 'UNCLOSED_QUOTE', message: expect.any(String) },
      rec(3, 'd'),
    ]);
  });

  it('reports text after a closing quote as BAD_QUOTE for that line and field, and reads the next line', async () => {
    const items = await read('T1;"ab"c;d\nT2;"x" ;y\nT3;ok;"z"\n');
    expect(items).toEqual([
      { line: 1, column: 2, code: 'BAD_QUOTE', message: expect.stringContaining('closing quote') },
      { line: 2, column: 2, code: 'BAD_QUOTE', message: expect.any(String) },
      rec(3, 'T3', 'ok', 'z'),
    ]);
  });

  it('reports BAD_QUOTE at the physical line of the closing quote of a field that spans lines', async () => {
    expect(await read('T1;"a\nb"x;c\nT2;d\n')).toEqual([{ line: 2, column: 2, code: 'BAD_QUOTE', message: expect.any(String) }, rec(3, 'T2', 'd')]);
  });

  it('gives the same problems for a cut at every byte', async () => {
    const bytes = utf8('T1;"ab"c;é\nT2;"x\r\ny";"";\nT3;"€ open');
    const expected = [
      { line: 1, column: 2, code: 'BAD_QUOTE', message: expect.any(String) },
      rec(2, 'T2', 'x\r\ny', '', ''),
      { line: 4, column: 2, code: 'UNCLOSED_QUOTE', message: expect.any(String) },
    ];
    for (let at = 0; at <= bytes.length; at++) expect(await read(cut(bytes, at)), `cut at ${at}`).toEqual(expected);
  });

  it('gives up a quoted field still open after 1 MiB and reads on from the next line', async () => {
    const long = 'x'.repeat(600_000);
    const bytes = utf8(`T1;"stray;1\n${long}\n${long}\nT4;ok\n`);
    const expected = [
      { line: 1, column: 2, code: 'UNCLOSED_QUOTE', message: expect.stringContaining('a quote is missing or stray') },
      rec(2, long),
      rec(3, long),
      rec(4, 'T4', 'ok'),
    ];
    expect(await read(every(bytes, 65_536))).toEqual(expected);
    expect(await read(bytes)).toEqual(expected);
  });

  it('skips a line longer than 1 MiB without a line break and reads on', async () => {
    const bytes = utf8(`a;b\n${'z'.repeat(1_200_000)}\r\nc;d\n`);
    const expected = [rec(1, 'a', 'b'), { line: 2, column: null, code: 'BAD_ENCODING', message: expect.stringContaining('without a line break') }, rec(3, 'c', 'd')];
    expect(await read(every(bytes, 65_536))).toEqual(expected);
    expect(await read(bytes)).toEqual(expected);
  });

  it('refuses a separator that is not one plain character', async () => {
    await expect(read('a;b', { separator: ';;' })).rejects.toThrow(TypeError);
    await expect(read('a;b', { separator: '"' })).rejects.toThrow(TypeError);
    expect(() => splitLine('a', '\n')).toThrow(TypeError);
  });
});

describe('splitLine', () => {
  it('splits like readCsv', () => {
    expect(splitLine('TITLE;Transactions;2024-05-01', ';')).toEqual(['TITLE', 'Transactions', '2024-05-01']);
    expect(splitLine(';a;;', ';')).toEqual(['', 'a', '', '']);
    expect(splitLine('', ';')).toEqual(['']);
    expect(splitLine('"A;B";"say ""hi""";"";ab"c', ';')).toEqual(['A;B', 'say "hi"', '', 'ab"c']);
    expect(splitLine('a,"b,c"', ',')).toEqual(['a', 'b,c']);
  });

  it('is lenient where it cannot report: an unclosed quote takes the rest, text after a closing quote is kept', () => {
    expect(splitLine('a;"b;c', ';')).toEqual(['a', 'b;c']);
    expect(splitLine('"ab"c;d', ';')).toEqual(['abc', 'd']);
  });
});

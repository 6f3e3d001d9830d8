import { describe, expect, it } from 'vitest';
import { parseForm, percentDecode, rfc3986 } from '../../server/psp/form';

const hex = (buf: Buffer) => buf.toString('hex');

describe('percentDecode', () => {
  it('turns + into a space only for HTML forms', () => {
    expect(percentDecode('a%20b+c', true).toString('latin1')).toBe('a b c');
    expect(percentDecode('a%20b+c', false).toString('latin1')).toBe('a b+c');
  });

  it('decodes %2B to "+" in both modes', () => {
    expect(percentDecode('%2B', true).toString('latin1')).toBe('+');
    expect(percentDecode('%2b', false).toString('latin1')).toBe('+');
  });

  it('decodes to bytes, upper- or lower-case hex, without interpreting them as text', () => {
    expect(hex(percentDecode('%C3%A9', false))).toBe('c3a9');
    expect(hex(percentDecode('%e9t%E9', false))).toBe('e974e9');
    expect(hex(percentDecode('%00%FF', false))).toBe('00ff');
  });

  it('keeps a "%" that does not start a valid escape', () => {
    expect(percentDecode('100%', true).toString('latin1')).toBe('100%');
    expect(percentDecode('%zz', true).toString('latin1')).toBe('%zz');
    expect(percentDecode('%4', true).toString('latin1')).toBe('%4');
    expect(percentDecode('a%4g', true).toString('latin1')).toBe('a%4g');
    expect(percentDecode('%%41', true).toString('latin1')).toBe('%A');
  });

  it('keeps a Latin-1 character of the raw text as its byte', () => {
    expect(hex(percentDecode('caf\u00e9', false))).toBe('636166e9');
  });

  it('decodes a base64 Paybox signature without turning its + into spaces', () => {
    const sig = 'Xk3+ab/c%2Bd%3D%3D';
    expect(percentDecode(sig, false).toString('latin1')).toBe('Xk3+ab/c+d==');
  });
});

describe('parseForm', () => {
  const body = 'Data=captureDay%3D0%7Camount%3D2350&Seal=ABCdef&InterfaceVersion=HP_2.24&Encode=';

  it('keeps each pair raw, with its name and value bytes', () => {
    const form = parseForm(body);
    expect(form.fields.map((f) => f.name)).toEqual(['Data', 'Seal', 'InterfaceVersion', 'Encode']);
    expect(form.fields.map((f) => f.raw)).toEqual(['Data=captureDay%3D0%7Camount%3D2350', 'Seal=ABCdef', 'InterfaceVersion=HP_2.24', 'Encode=']);
    expect(form.get('Data')?.value.toString('latin1')).toBe('captureDay=0|amount=2350');
    expect(form.get('Encode')?.value.length).toBe(0);
  });

  it('finds names case-insensitively', () => {
    const form = parseForm('MID=BNP&PayID=abc&len=16');
    expect(form.get('mid')?.name).toBe('MID');
    expect(form.text('payid')).toBe('abc');
    expect(form.text('LEN')).toBe('16');
    expect(form.has('Mid')).toBe(true);
    expect(form.has('XID')).toBe(false);
    expect(form.get('XID')).toBeUndefined();
    expect(form.text('XID')).toBeUndefined();
  });

  it('splits each pair on the first "=" only, and reads a bare name as an empty value', () => {
    const form = parseForm('a=b=c&flag&&x=');
    expect(form.text('a')).toBe('b=c');
    expect(form.get('flag')).toMatchObject({ name: 'flag', raw: 'flag' });
    expect(form.get('flag')?.value.length).toBe(0);
    expect(form.fields).toHaveLength(3);
  });

  it('form-decodes + by default and keeps it for Paybox query strings', () => {
    expect(parseForm('Ref=CMD+1').text('Ref')).toBe('CMD 1');
    expect(parseForm('Ref=CMD+1', false).text('Ref')).toBe('CMD+1');
  });

  it('text() decodes UTF-8 values, and Latin-1 values that are not UTF-8', () => {
    expect(parseForm('m=Demande%20trait%C3%A9e').text('m')).toBe('Demande traitée');
    expect(parseForm('m=Demande%20trait%E9e').text('m')).toBe('Demande traitée');
    expect(hex(parseForm('m=%E9').get('m')!.value)).toBe('e9');
  });

  it('returns the first of repeated names', () => {
    expect(parseForm('a=1&A=2').text('a')).toBe('1');
  });

  it('parses an empty body as no field', () => {
    expect(parseForm('').fields).toEqual([]);
  });
});

describe('rfc3986', () => {
  it('leaves only unreserved characters as they are, upper-case hex elsewhere', () => {
    expect(rfc3986(Buffer.from('AZaz09-._~', 'latin1'))).toBe('AZaz09-._~');
    // PHP rawurlencode("a b+c!*'()/=&") gives this.
    expect(rfc3986(Buffer.from("a b+c!*'()/=&", 'latin1'))).toBe('a%20b%2Bc%21%2A%27%28%29%2F%3D%26');
  });

  it('encodes bytes, not characters', () => {
    expect(rfc3986(Buffer.from('é', 'utf8'))).toBe('%C3%A9');
    expect(rfc3986(Buffer.from([0xe9, 0x00, 0xff]))).toBe('%E9%00%FF');
  });

  it('round-trips with percentDecode for every byte value', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(percentDecode(rfc3986(all), false).equals(all)).toBe(true);
    expect(percentDecode(rfc3986(all), true).equals(all)).toBe(true);
  });
});

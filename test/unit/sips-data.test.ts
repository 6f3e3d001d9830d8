import { describe, expect, it } from 'vitest';
import { formatSipsData, parseSipsData } from '../../server/psp/sips/data';

describe('parseSipsData', () => {
  it('reads key=value pairs joined by |', () => {
    const fields = parseSipsData('amount=2350|currencyCode=978|responseCode=00');
    expect([...fields]).toEqual([
      ['amount', '2350'],
      ['currencyCode', '978'],
      ['responseCode', '00'],
    ]);
  });

  it('splits each pair on the first "=" only', () => {
    const fields = parseSipsData('complementaryInfo=<RULE_RESULT SC=0 />,<CARD_INFOS A=1 />|x=a=b=c');
    expect(fields.get('complementaryInfo')).toBe('<RULE_RESULT SC=0 />,<CARD_INFOS A=1 />');
    expect(fields.get('x')).toBe('a=b=c');
  });

  it('reads a bare key and the literal null as no value (omnipay fixture a=foo|b=bar|c|)', () => {
    const fields = parseSipsData('a=foo|b=bar|c|');
    expect([...fields]).toEqual([
      ['a', 'foo'],
      ['b', 'bar'],
      ['c', null],
    ]);
    expect(parseSipsData('authorisationId=null').get('authorisationId')).toBeNull();
    expect(parseSipsData('authorisationId=null').has('authorisationId')).toBe(true);
  });

  it('keeps an empty value as an empty string, and "NULL" or "nullx" as text', () => {
    const fields = parseSipsData('returnContext=|a=NULL|b=nullx');
    expect(fields.get('returnContext')).toBe('');
    expect(fields.get('a')).toBe('NULL');
    expect(fields.get('b')).toBe('nullx');
  });

  it('keeps the SPLIT message with its colons intact', () => {
    expect(parseSipsData('acquirerResponseMessage=SPLIT:APETIZ:1234567890:1900:CB:497010XXXXXX0014:450|amount=2350').get('acquirerResponseMessage')).toBe(
      'SPLIT:APETIZ:1234567890:1900:CB:497010XXXXXX0014:450',
    );
  });

  it('trims keys, skips empty pairs, and the last of a repeated key wins', () => {
    const fields = parseSipsData('|| amount =1|amount=2|');
    expect([...fields]).toEqual([['amount', '2']]);
    expect(parseSipsData('').size).toBe(0);
  });
});

describe('formatSipsData', () => {
  it('writes key=value pairs joined by |, null as the literal null, undefined left out', () => {
    expect(formatSipsData({ amount: 2350, currencyCode: '978', authorisationId: null, returnContext: undefined })).toBe(
      'amount=2350|currencyCode=978|authorisationId=null',
    );
  });

  it('round-trips with parseSipsData', () => {
    const fields = {
      captureDay: '0',
      amount: '2350',
      acquirerResponseMessage: 'SPLIT:APETIZ:1234567890:1900:CB:497010XXXXXX0014:450',
      complementaryInfo: '<RULE_RESULT SC=0 />',
      authorisationId: null,
      returnContext: '',
    };
    const text = formatSipsData(fields);
    expect(Object.fromEntries(parseSipsData(text))).toEqual(fields);
    expect(formatSipsData(Object.fromEntries(parseSipsData(text)))).toBe(text);
  });
});

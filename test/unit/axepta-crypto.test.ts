import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptData, encryptData, macEquals, requestMac, responseMac } from '../../server/psp/axepta/crypto';

const KEY = 'sandbox-blowfish';
const PLAIN = 'MerchantID=BNP_SANDBOX_MID&TransID=CMD-88412&Amount=2350&Currency=EUR&MAC=ABC';

const bytes = (...b: number[]) => String.fromCharCode(...b);

describe('encryptData: Blowfish-ECB', () => {
  // Eric Young's published Blowfish ECB test vectors (keys and blocks with ASCII-range bytes only).
  it.each([
    [bytes(0, 0, 0, 0, 0, 0, 0, 0), bytes(0, 0, 0, 0, 0, 0, 0, 0), '4EF997456198DD78'],
    [bytes(0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11), bytes(0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11), '2466DD878B963C9D'],
    [bytes(0x30, 0, 0, 0, 0, 0, 0, 0), bytes(0x10, 0, 0, 0, 0, 0, 0, 0x01), '7D856F9A613063F2'],
  ])('matches the published vector %#', (key, block, cipher) => {
    expect(encryptData(block, key)).toEqual({ len: 8, data: cipher });
  });

  it('gives upper-case hex of whole 8-byte blocks and Len = unpadded byte length', () => {
    const { len, data } = encryptData(PLAIN, KEY);
    expect(len).toBe(Buffer.byteLength(PLAIN));
    expect(data).toMatch(/^[0-9A-F]+$/);
    expect(data.length).toBe(Math.ceil(len / 8) * 16);
  });

  it('counts Len in UTF-8 bytes, not characters', () => {
    expect(encryptData('Description=réglé', KEY).len).toBe(19);
  });

  it('depends on the key', () => {
    expect(encryptData(PLAIN, KEY).data).not.toBe(encryptData(PLAIN, 'another-key').data);
  });
});

describe('decryptData', () => {
  it('round-trips with encryptData, cutting at Len', () => {
    const { len, data } = encryptData(PLAIN, KEY);
    expect(decryptData(data, KEY, len).toString('utf8')).toBe(PLAIN);
    expect(decryptData(data.toLowerCase(), KEY, len).toString('utf8')).toBe(PLAIN);
  });

  it('round-trips for every plaintext length over two blocks (zero padding, no Len)', () => {
    for (let n = 1; n <= 17; n++) {
      const plain = 'Status=OK&Code=00000000'.slice(0, n);
      const { len, data } = encryptData(plain, KEY);
      expect(decryptData(data, KEY, len).toString('utf8'), `len ${n}`).toBe(plain);
      expect(decryptData(data, KEY, null).toString('utf8'), `no Len, ${n}`).toBe(plain);
    }
  });

  it('keeps only the first Len bytes when Len is shorter', () => {
    const { data } = encryptData(PLAIN, KEY);
    expect(decryptData(data, KEY, 13).toString('utf8')).toBe('MerchantID=BN');
  });

  it('strips PKCS#7 padding when there is no Len (pretix-style senders)', () => {
    const text = 'PayID=abc&Status=OK'; // 19 bytes: 5 bytes of 0x05 padding
    const padded = text + bytes(5, 5, 5, 5, 5);
    const { data } = encryptData(padded, KEY);
    expect(data.length).toBe(48);
    expect(decryptData(data, KEY, null).toString('utf8')).toBe(text);
  });

  it('strips a whole PKCS#7 block when the text fills its blocks', () => {
    const text = 'Status=OK&Code=0'; // 16 bytes: a full block of 0x08
    const { data } = encryptData(text + bytes(8, 8, 8, 8, 8, 8, 8, 8), KEY);
    expect(decryptData(data, KEY, null).toString('utf8')).toBe(text);
  });

  it('strips only the padding, not the small-valued data bytes before it', () => {
    const text = `Status=OK${bytes(2, 1)}`; // ends 02 01: 01 is a valid 1-byte pad, 02 is data
    const { data } = encryptData(text + bytes(5, 5, 5, 5, 5), KEY);
    expect([...decryptData(data, KEY, null)]).toEqual([...Buffer.from(text, 'latin1')]);
  });
});

describe('MACs (HMAC-SHA256, upper-case hex)', () => {
  const HMAC_KEY = 'sandbox-axepta-hmac-key';
  const hmac = (text: string) => createHmac('sha256', Buffer.from(HMAC_KEY, 'utf8')).update(text, 'utf8').digest('hex').toUpperCase();

  it('request MAC is over PayID*TransID*MerchantID*Amount*Currency, PayID empty for a new payment', () => {
    expect(requestMac(HMAC_KEY, { payId: '', transId: 'T123', merchantId: 'MID', amount: 1000, currency: 'EUR' })).toBe(hmac('*T123*MID*1000*EUR'));
    expect(requestMac(HMAC_KEY, { payId: 'P1', transId: 'T123', merchantId: 'MID', amount: 450, currency: 'EUR' })).toBe(hmac('P1*T123*MID*450*EUR'));
  });

  it('response MAC is over PayID*TransID*MerchantID*Status*Code', () => {
    const f = { payId: '8f0c1e2d3b4a59687766554433221100', transId: 'CMD-88412', merchantId: 'BNP_TEST_MID', status: 'OK', code: '00000000' };
    expect(responseMac(HMAC_KEY, f)).toBe(hmac('8f0c1e2d3b4a59687766554433221100*CMD-88412*BNP_TEST_MID*OK*00000000'));
    expect(responseMac(HMAC_KEY, { ...f, status: 'FAILED' })).not.toBe(responseMac(HMAC_KEY, f));
  });

  it('macEquals ignores case and rejects any other value', () => {
    const mac = hmac('x');
    expect(macEquals(mac, mac.toLowerCase())).toBe(true);
    expect(macEquals(mac, hmac('y'))).toBe(false);
    expect(macEquals(mac, mac.slice(2))).toBe(false);
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AxeptaAccount } from '../../server/config/accounts';
import {
  axeptaOutcome,
  axeptaPlainRequest,
  axeptaReqId,
  axeptaRequestBody,
  decryptAxeptaData,
  openAxeptaAnswer,
  readInquiry,
} from '../../server/psp/axepta/cash';
import { decryptData, encryptData, responseMac } from '../../server/psp/axepta/crypto';
import { parseForm } from '../../server/psp/form';

const account: AxeptaAccount = {
  id: 'axepta-shop',
  psp: 'axepta',
  merchantId: 'BNP_SANDBOX_MID',
  blowfishKey: 'sandbox-blowfish',
  hmacKey: 'sandbox-axepta-hmac-key',
  captureMode: 'AUTO',
  apiBaseUrl: 'http://127.0.0.1:8788/axepta',
  timeoutMs: 10_000,
};
const PAY_ID = '8f0c1e2d3b4a59687766554433221100';
const hmac = (text: string) => createHmac('sha256', account.hmacKey).update(text).digest('hex').toUpperCase();

/** What the Paygate answers: the fields encrypted, signed with the response MAC unless told not to. */
function answer(fields: Record<string, string>, options: { sign?: boolean; key?: string; mac?: string } = {}): string {
  const all: Record<string, string> = { mid: account.merchantId, PayID: PAY_ID, TransID: 'CMD-1', XID: 'a'.repeat(32), Description: 'success', ...fields };
  const mac = options.mac ?? responseMac(account.hmacKey, { payId: all.PayID!, transId: all.TransID!, merchantId: all.mid!, status: all.Status ?? '', code: all.Code ?? '' });
  const { len, data } = encryptData(new URLSearchParams(options.sign === false ? all : { ...all, MAC: mac }).toString(), options.key ?? account.blowfishKey);
  return `Len=${len}&Data=${data}`;
}

describe('axeptaReqId', () => {
  it('is stable for the same operation, alphanumeric and at most 32 characters', () => {
    expect(axeptaReqId(42, PAY_ID)).toBe(axeptaReqId(42, PAY_ID));
    expect(axeptaReqId(Number.MAX_SAFE_INTEGER, PAY_ID)).toMatch(/^[A-Za-z0-9]{1,32}$/);
  });
  it('differs between operations and between payments', () => {
    expect(axeptaReqId(42, PAY_ID)).not.toBe(axeptaReqId(43, PAY_ID));
    expect(axeptaReqId(42, PAY_ID)).not.toBe(axeptaReqId(42, 'b'.repeat(32)));
  });
});

describe('the request: MerchantID, Len, Data', () => {
  const fields = { payId: PAY_ID, transId: 'CMD-1', amount: 1250, currency: 'EUR', reqId: 'SR42P0' };

  it('carries the MerchantID in clear and the fields encrypted, Len the unpadded length', () => {
    const outer = parseForm(axeptaRequestBody(account, fields));
    expect(outer.text('MerchantID')).toBe('BNP_SANDBOX_MID');
    const plain = decryptData(outer.text('Data')!, account.blowfishKey, Number(outer.text('Len'))).toString('utf8');
    expect(plain).toBe(axeptaPlainRequest(account, fields));
    expect(Number(outer.text('Len'))).toBe(Buffer.byteLength(plain));
  });

  it('signs PayID*TransID*MerchantID*Amount*Currency and carries ReqID', () => {
    const outer = parseForm(axeptaRequestBody(account, fields));
    const inner = decryptAxeptaData(outer.text('Data')!, outer.text('Len'), account.blowfishKey)!;
    expect(Object.fromEntries(['MerchantID', 'PayID', 'TransID', 'Amount', 'Currency', 'ReqID'].map((k) => [k, inner.text(k)]))).toEqual({
      MerchantID: 'BNP_SANDBOX_MID',
      PayID: PAY_ID,
      TransID: 'CMD-1',
      Amount: '1250',
      Currency: 'EUR',
      ReqID: 'SR42P0',
    });
    expect(inner.text('MAC')).toBe(hmac(`${PAY_ID}*CMD-1*BNP_SANDBOX_MID*1250*EUR`));
  });

  it('an inquiry has no Amount, Currency nor ReqID, and signs them empty', () => {
    const inner = parseForm(axeptaPlainRequest(account, { payId: PAY_ID, transId: 'CMD-1', amount: null, currency: null, reqId: null }));
    expect(inner.has('Amount') || inner.has('Currency') || inner.has('ReqID')).toBe(false);
    expect(inner.text('MAC')).toBe(hmac(`${PAY_ID}*CMD-1*BNP_SANDBOX_MID**`));
  });

  it('does not decrypt with another key', () => {
    const outer = parseForm(axeptaRequestBody(account, fields));
    expect(decryptAxeptaData(outer.text('Data')!, outer.text('Len'), 'not-the-key')).toBeNull();
  });
});

describe('the answer', () => {
  const outcome = (text: string) => axeptaOutcome(openAxeptaAnswer(text, account), 'REQ1');

  it('OK 00000000 with a valid MAC: succeeded, the XID is the reference', () => {
    expect(outcome(answer({ Status: 'OK', Code: '00000000', XID: 'f'.repeat(32) }))).toEqual({
      state: 'succeeded',
      code: '00000000',
      message: 'OK: success',
      pspReference: 'f'.repeat(32),
      pspRequestId: 'REQ1',
    });
  });

  it('a 2xxxxxxx or 4xxxxxxx code: failed, with the description', () => {
    expect(outcome(answer({ Status: 'FAILED', Code: '20160004', Description: 'Amount too high' }))).toMatchObject({ state: 'failed', code: '20160004', message: 'FAILED: Amount too high' });
    expect(outcome(answer({ Status: 'FAILED', Code: '40100002' }))).toMatchObject({ state: 'failed' });
  });

  it('6/7 (still open) and 017 (already submitted): unknown', () => {
    expect(outcome(answer({ Status: 'PENDING', Code: '60000000' }))).toMatchObject({ state: 'unknown', code: '60000000' });
    expect(outcome(answer({ Status: 'FAILED', Code: '20170008' }))).toMatchObject({ state: 'unknown', code: '20170008' });
  });

  it('a MAC that does not match: unknown, even for a success', () => {
    expect(outcome(answer({ Status: 'OK', Code: '00000000' }, { mac: 'A'.repeat(64) }))).toMatchObject({ state: 'unknown', code: 'PSP_BAD_SIGNATURE' });
  });

  it('an answer that does not decrypt or is not Computop: unknown', () => {
    expect(outcome(answer({ Status: 'OK', Code: '00000000' }, { key: 'other-key' }))).toMatchObject({ state: 'unknown', code: 'PSP_BAD_ANSWER' });
    expect(outcome('<html>502 Bad Gateway</html>')).toMatchObject({ state: 'unknown', code: 'PSP_BAD_ANSWER' });
  });

  it('an unsigned refusal is believed; an unsigned success is not', () => {
    expect(outcome(answer({ Status: 'FAILED', Code: '20010006', Description: 'MAC invalid' }, { sign: false }))).toMatchObject({ state: 'failed', code: '20010006' });
    expect(outcome('mid=BNP_SANDBOX_MID&Status=FAILED&Code=20010007&Description=Data+could+not+be+decrypted')).toMatchObject({ state: 'failed', code: '20010007' });
    expect(outcome(answer({ Status: 'OK', Code: '00000000' }, { sign: false }))).toMatchObject({ state: 'unknown' });
  });
});

describe('readInquiry', () => {
  const inquiry = (fields: Record<string, string>) => readInquiry(openAxeptaAnswer(answer({ Status: 'OK', Code: '00000000', ...fields }), account));

  it('reads AmountCap and AmountCred as captured and refunded, LastStatus as the status', () => {
    expect(inquiry({ AmountAuth: '1500', AmountCap: '1500', AmountCred: '300', LastStatus: 'OK' })).toEqual({
      ok: true,
      inquiry: { status: 'OK', capturedAmount: 1500, refundedAmount: 300, cancelled: false },
    });
  });

  it('nothing authorised after a successful last step: cancelled', () => {
    expect(inquiry({ AmountAuth: '0', AmountCap: '0', AmountCred: '0', LastStatus: 'OK' })).toMatchObject({ ok: true, inquiry: { cancelled: true } });
    expect(inquiry({ AmountAuth: '0', AmountCap: '0', AmountCred: '0', LastStatus: 'FAILED' })).toMatchObject({ ok: true, inquiry: { cancelled: false } });
  });

  it('a refused inquiry or an untrusted answer is not an inquiry', () => {
    expect(readInquiry(openAxeptaAnswer(answer({ Status: 'FAILED', Code: '20160002', Description: 'PayID unknown' }), account))).toMatchObject({ ok: false, code: '20160002' });
    expect(readInquiry(openAxeptaAnswer(answer({ Status: 'OK', Code: '00000000' }, { mac: 'B'.repeat(64) }), account))).toMatchObject({ ok: false, code: 'PSP_BAD_SIGNATURE' });
  });
});

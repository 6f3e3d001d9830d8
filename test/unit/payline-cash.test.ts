import { describe, expect, it } from 'vitest';
import type { PaylineAccount } from '../../server/config/accounts';
import type { CashRequest } from '../../server/psp/cash';
import { doRefundBody, listOf, paylineSequenceNumber, readRefundAnswer, readTransactionDetails } from '../../server/psp/payline/cash';
import { readSoapResponse, soapEnvelope } from '../../server/psp/payline/soap';
import { paylineRequestEnvelope } from '../../server/psp/payline/web-payment';
import { readDirectRequest } from '../../sandbox/cash/payline';

const account: PaylineAccount = {
  id: 'payline-shop',
  psp: 'payline',
  merchantId: '12345678901234',
  accessKey: 'sandbox-payline-access-key',
  contractNumber: 'PAYCONIQFP',
  apiBaseUrl: 'http://127.0.0.1:8788/payline/V4/services',
  timeoutMs: 10_000,
};

const request = (over: Partial<CashRequest> = {}, transactionId: string | null = '2123456789'): CashRequest => ({
  operationId: 77,
  type: 'refund',
  amount: 1250,
  target: {
    order: { reference: 'CMD-1', callNumber: null, groupKey: 'CMD-1', currency: 'EUR' },
    part: { partKey: 'p', kind: 'card', brand: 'PAYCONIQ', pspTransactionId: transactionId, authorisationId: null, amount: 3000, paidAt: null },
  },
  ...over,
});

/** A SOAP answer as Payline sends it, read as the connector reads it. */
function answer(operation: string, inner: string): Record<string, unknown> {
  const xml = `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ns2:${operation}Response xmlns:ns2="http://impl.ws.payline.experian.com">${inner}</ns2:${operation}Response></soap:Body></soap:Envelope>`;
  const read = readSoapResponse(xml, operation);
  if (!read.ok) throw new Error(read.message);
  return read.body;
}
const result = (code: string, short: string, long: string) => `<result><code>${code}</code><shortMessage>${short}</shortMessage><longMessage>${long}</longMessage></result>`;

describe('the request envelope', () => {
  it('a flat body is the envelope getWebPaymentDetails always sent', () => {
    const body = { version: '34', token: '1abc' };
    expect(paylineRequestEnvelope('getWebPaymentDetailsRequest', body)).toBe(soapEnvelope('getWebPaymentDetailsRequest', body));
  });

  it('nested objects are written in the obj namespace and read back', () => {
    const built = doRefundBody(account, request());
    if (!built.ok) throw new Error(built.message);
    const xml = paylineRequestEnvelope('doRefundRequest', { version: '34', ...built.value });
    expect(xml).toContain('<impl:payment><obj:amount>1250</obj:amount><obj:currency>978</obj:currency><obj:action>421</obj:action><obj:mode>CPT</obj:mode><obj:contractNumber>PAYCONIQFP</obj:contractNumber></impl:payment>');
    expect(readDirectRequest(xml)).toEqual({
      operation: 'doRefund',
      fields: {
        version: '34',
        transactionID: '2123456789',
        payment: { amount: '1250', currency: '978', action: '421', mode: 'CPT', contractNumber: 'PAYCONIQFP' },
        comment: 'Split Recon operation 77',
        sequenceNumber: '77',
      },
    });
  });
});

describe('doRefundBody', () => {
  it('needs the transaction id and a positive amount in cents', () => {
    expect(doRefundBody(account, request({}, null))).toMatchObject({ ok: false, code: 'MISSING_PSP_ID' });
    expect(doRefundBody(account, request({ amount: 0 }))).toMatchObject({ ok: false, code: 'BAD_AMOUNT' });
    expect(doRefundBody(account, request({ amount: 12.5 }))).toMatchObject({ ok: false, code: 'BAD_AMOUNT' });
  });
  it('derives the sequence number from the operation id', () => {
    expect(paylineSequenceNumber(77)).toBe('77');
  });
});

describe('readRefundAnswer', () => {
  it('00000: succeeded, the refund transaction id is the reference', () => {
    const body = answer('doRefund', `${result('00000', 'ACCEPTED', 'Transaction approved')}<transaction><id>30000000001</id><isDuplicated>0</isDuplicated></transaction>`);
    expect(readRefundAnswer(body, '77')).toEqual({ state: 'succeeded', code: '00000', message: 'ACCEPTED: Transaction approved', pspReference: '30000000001', pspRequestId: '77' });
  });
  it('a refusal: failed with its messages', () => {
    expect(readRefundAnswer(answer('doRefund', result('02110', 'ERROR', 'The amount is invalid')), '77')).toEqual({ state: 'failed', code: '02110', message: 'ERROR: The amount is invalid', pspRequestId: '77' });
  });
  it('duplicate or in progress: unknown; no result code: unknown', () => {
    expect(readRefundAnswer(answer('doRefund', result('02001', 'ERROR', 'Duplicate transaction')), '77')).toMatchObject({ state: 'unknown', code: '02001' });
    expect(readRefundAnswer(answer('doRefund', result('02306', 'INPROGRESS', 'in progress')), '77')).toMatchObject({ state: 'unknown' });
    expect(readRefundAnswer(answer('doRefund', '<transaction><id>1</id></transaction>'), '77')).toMatchObject({ state: 'unknown', code: 'PSP_BAD_ANSWER' });
  });
});

describe('readTransactionDetails', () => {
  const payment = '<payment><amount>3000</amount><currency>978</currency><action>101</action><mode>CPT</mode></payment>';
  const refund = (id: string, amount: number, status = 'ACCEPTED', type = 'REFUND') =>
    `<associatedTransactions><transactionId>${id}</transactionId><type>${type}</type><amount>${amount}</amount><status>${status}</status><originTransactionId>2123456789</originTransactionId></associatedTransactions>`;
  const details = (list: string) =>
    answer('getTransactionDetails', `${result('00000', 'ACCEPTED', 'Transaction approved')}<transaction><id>2123456789</id></transaction>${payment}<associatedTransactionsList>${list}</associatedTransactionsList>`);

  it('captured: the payment amount of an accepted 101; refunded: the accepted REFUNDs', () => {
    expect(readTransactionDetails(details(refund('31', 500) + refund('32', 700) + refund('33', 900, 'REFUSED')))).toEqual({
      ok: true,
      inquiry: { status: 'ACCEPTED', capturedAmount: 3000, refundedAmount: 1200, cancelled: false },
    });
  });

  it('one associated transaction (an object, not a list) counts too; none is zero', () => {
    expect(readTransactionDetails(details(refund('31', 500)))).toMatchObject({ ok: true, inquiry: { refundedAmount: 500 } });
    expect(readTransactionDetails(details(''))).toMatchObject({ ok: true, inquiry: { refundedAmount: 0 } });
    expect(readTransactionDetails(details(refund('34', 3000, 'ACCEPTED', 'RESET')))).toMatchObject({ ok: true, inquiry: { cancelled: true } });
  });

  it('no transaction: Payline does not know it', () => {
    expect(readTransactionDetails(answer('getTransactionDetails', result('02301', 'ERROR', 'Transaction ID is invalid.')))).toMatchObject({ ok: false, code: '02301' });
  });

  it('listOf reads one, many and none alike', () => {
    expect(listOf({ a: '1' })).toEqual([{ a: '1' }]);
    expect(listOf([{ a: '1' }, { a: '2' }])).toHaveLength(2);
    expect(listOf(undefined)).toEqual([]);
    expect(listOf('')).toEqual([]);
  });
});

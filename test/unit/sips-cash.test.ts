import { describe, expect, it } from 'vitest';
import type { SipsAccount } from '../../server/config/accounts';
import type { CashRequest, CashTarget } from '../../server/psp/cash';
import {
  readSipsCashAnswer,
  readSipsTransactionData,
  sipsCashRequest,
  sipsInquiryRequest,
  sipsOperationOrigin,
  SIPS_CASH_INTERFACE,
} from '../../server/psp/sips/cash';
import { SIPS_JSON_VECTOR } from '../support/sips-vectors';
import { officeRequestSealValid, officeResponseSeal, officeResponseSealValid, officeSeal } from '../../server/psp/sips/office-seal';

const VECTOR = SIPS_JSON_VECTOR.request;
const VECTOR_SEAL = SIPS_JSON_VECTOR.seal;

const KEY = 'sandbox-sips-secret-key-0001';
const account = {
  id: 'sips-shop',
  psp: 'sips',
  merchantId: '011223344550000',
  secretKey: KEY,
  keyVersion: '1',
  sealAlgorithm: 'SHA-256',
  apiBaseUrl: 'http://127.0.0.1:1/sips/rs-services/v2',
  timeoutMs: 1000,
} as SipsAccount;

function target(kind: 'voucher' | 'card', reference: string | null = 'SR1234567'): CashTarget {
  return {
    order: { reference: 'CMD-1', callNumber: null, groupKey: 'SR1234567', currency: 'EUR' },
    part: { partKey: kind, kind, brand: kind === 'voucher' ? 'APETIZ' : 'CB', pspTransactionId: reference, authorisationId: null, amount: 800, paidAt: null },
  };
}
const request = (type: CashRequest['type'], kind: 'voucher' | 'card' = 'card', amount = 450): CashRequest => ({ operationId: 42, type, amount, target: target(kind) });

describe('officeSeal (§3.3)', () => {
  it('matches the published test vector, nested objects included', () => {
    expect(officeSeal(VECTOR, 'secret123')).toBe(VECTOR_SEAL);
  });

  it('leaves keyVersion, sealAlgorithm and seal out of a request seal', () => {
    expect(officeSeal({ ...VECTOR, keyVersion: '2', sealAlgorithm: 'HMAC-SHA-256', seal: 'x' }, 'secret123')).toBe(VECTOR_SEAL);
    expect(officeRequestSealValid({ ...VECTOR, seal: VECTOR_SEAL }, 'secret123')).toBe(true);
    expect(officeRequestSealValid({ ...VECTOR, seal: VECTOR_SEAL }, 'secret124')).toBe(false);
    expect(officeRequestSealValid({ ...VECTOR, amount: '2501', seal: VECTOR_SEAL }, 'secret123')).toBe(false);
  });

  it('covers every response field but seal, numbers as written', () => {
    const answer = { responseCode: '00', newAmount: 1000, keyVersion: '1' };
    const seal = officeResponseSeal(answer, KEY);
    expect(officeResponseSealValid({ ...answer, seal }, KEY)).toBe(true);
    expect(officeResponseSealValid({ ...answer, newAmount: '1000', seal }, KEY)).toBe(true);
    expect(officeResponseSealValid({ ...answer, keyVersion: '2', seal }, KEY)).toBe(false);
    expect(officeResponseSealValid(answer, KEY)).toBe(false);
  });
});

describe('sipsCashRequest', () => {
  it('builds the sealed refund of §3.2 on the transactionReference, amount in cents as text', () => {
    const built = sipsCashRequest(account, request('refund'));
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    const { seal, ...fields } = built.value.body;
    expect(built.value.path).toBe('cashManagement/refund');
    expect(fields).toEqual({
      currencyCode: '978',
      interfaceVersion: SIPS_CASH_INTERFACE,
      keyVersion: '1',
      merchantId: '011223344550000',
      operationAmount: '450',
      operationOrigin: 'SR-OP-42',
      transactionReference: 'SR1234567',
    });
    // Sorted keys: 978, CR_WS_2.55, 011223344550000, 450, SR-OP-42, SR1234567 (keyVersion left out).
    expect(seal).toBe(officeSeal({ x: '978CR_WS_2.55011223344550000450SR-OP-42SR1234567' }, KEY));
  });

  it('sends cancel and validate on the whole transaction, even when asked on the voucher part', () => {
    const cancel = sipsCashRequest(account, request('cancel', 'voucher'));
    const validate = sipsCashRequest(account, request('validate', 'voucher'));
    expect(cancel.ok && cancel.value.path).toBe('cashManagement/cancel');
    expect(validate.ok && validate.value.path).toBe('cashManagement/validate');
    expect(validate.ok && validate.value.body.transactionReference).toBe('SR1234567');
  });

  it('falls back on the order group key when the part has no transaction id', () => {
    const built = sipsCashRequest(account, { ...request('refund'), target: target('card', null) });
    expect(built.ok && built.value.body.transactionReference).toBe('SR1234567');
  });

  it('refuses what Sips cannot do, before sending anything', () => {
    const capture = sipsCashRequest(account, request('capture'));
    expect(!capture.ok && capture.error.code).toBe('SIPS_NO_CAPTURE');
    const voucherRefund = sipsCashRequest(account, request('refund', 'voucher'));
    expect(!voucherRefund.ok && voucherRefund.error.code).toBe('SIPS_VOUCHER_NOT_REFUNDABLE');
    const zero = sipsCashRequest(account, request('refund', 'card', 0));
    expect(!zero.ok && zero.error.code).toBe('INVALID_AMOUNT');
    const noCurrency = sipsCashRequest(account, { ...request('refund'), target: { ...target('card'), order: { ...target('card').order, currency: 'XXX' } } });
    expect(!noCurrency.ok && noCurrency.error.code).toBe('SIPS_UNKNOWN_CURRENCY');
  });

  it('keeps operationOrigin within 20 characters up to 14-digit operation ids', () => {
    expect(sipsOperationOrigin(1)).toBe('SR-OP-1');
    expect(sipsOperationOrigin(99_999_999_999_999).length).toBeLessThanOrEqual(20);
  });

  it('builds getTransactionData with DR_WS_2.55 and no amount', () => {
    const built = sipsInquiryRequest(account, target('card'));
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.value.path).toBe('diagnostic/getTransactionData');
    expect(built.value.body).toMatchObject({ interfaceVersion: 'DR_WS_2.55', merchantId: '011223344550000', transactionReference: 'SR1234567' });
    expect(built.value.body.operationAmount).toBeUndefined();
  });
});

const signed = (fields: Record<string, unknown>) => JSON.stringify({ ...fields, seal: officeResponseSeal(fields, KEY) });

describe('readSipsCashAnswer', () => {
  it('00 with a good seal: succeeded', () => {
    const outcome = readSipsCashAnswer(signed({ responseCode: '00', newStatus: 'CAPTURED', newAmount: 2300 }), 200, KEY, 'SR-OP-42');
    expect(outcome).toMatchObject({ state: 'succeeded', code: '00', pspRequestId: 'SR-OP-42' });
    expect(outcome.message).toContain('CAPTURED');
    expect(outcome.message).toMatch(/transaction amount now 23,00\s€/);
  });

  it('24: unknown, already processed, ask getTransactionData', () => {
    const outcome = readSipsCashAnswer(signed({ responseCode: '24' }), 200, KEY, 'SR-OP-42');
    expect(outcome.state).toBe('unknown');
    expect(outcome.code).toBe('24');
    expect(outcome.message).toMatch(/already processed/);
    expect(outcome.message).toMatch(/getTransactionData/);
  });

  it('another code: failed with its meaning', () => {
    const outcome = readSipsCashAnswer(signed({ responseCode: '51' }), 200, KEY, 'SR-OP-42');
    expect(outcome).toMatchObject({ state: 'failed', code: '51' });
    expect(outcome.message).toMatch(/amount too high/);
    const format = readSipsCashAnswer(signed({ responseCode: '30', errorFieldName: 'operationAmount' }), 200, KEY, 'x');
    expect(format.message).toMatch(/operationAmount/);
  });

  it('a bad, missing or foreign seal: unknown, the answer cannot be trusted', () => {
    const tampered = JSON.parse(signed({ responseCode: '51' })) as Record<string, unknown>;
    tampered.responseCode = '00';
    expect(readSipsCashAnswer(JSON.stringify(tampered), 200, KEY, 'x')).toMatchObject({ state: 'unknown', code: 'SIPS_BAD_SEAL' });
    expect(readSipsCashAnswer(JSON.stringify({ responseCode: '00' }), 200, KEY, 'x')).toMatchObject({ state: 'unknown', code: 'SIPS_BAD_SEAL' });
    expect(readSipsCashAnswer(signed({ responseCode: '00' }), 200, 'another key', 'x')).toMatchObject({ state: 'unknown', code: 'SIPS_BAD_SEAL' });
  });

  it('not JSON: unknown', () => {
    expect(readSipsCashAnswer('<html>502 Bad Gateway</html>', 502, KEY, 'x')).toMatchObject({ state: 'unknown', code: 'SIPS_UNREADABLE' });
    expect(readSipsCashAnswer('[]', 200, KEY, 'x')).toMatchObject({ state: 'unknown', code: 'SIPS_UNREADABLE' });
  });
});

describe('readSipsTransactionData', () => {
  it('reads the status, the inferred amounts and the operation origins', () => {
    const raw = signed({
      responseCode: '00',
      transactionStatus: 'CAPTURED',
      amount: 2300,
      currentAmount: 2300,
      capturedAmount: 2300,
      refundedAmount: 450,
      operations: [{ operationName: 'CREDIT', operationAmount: 450, operationDateTime: '2026-03-02T10:00:00+01:00', operationOrigin: 'SR-OP-42' }],
    });
    expect(readSipsTransactionData(raw, 200, KEY)).toEqual({
      ok: true,
      inquiry: { status: 'CAPTURED', cancelled: false, capturedAmount: 2300, refundedAmount: 450, processedRequestIds: ['SR-OP-42'] },
    });
  });

  it('says cancelled, and reads amounts sent as digit strings', () => {
    const result = readSipsTransactionData(signed({ responseCode: '00', transactionStatus: 'CANCELLED', capturedAmount: '0', refundedAmount: '0' }), 200, KEY);
    expect(result).toEqual({ ok: true, inquiry: { status: 'CANCELLED', cancelled: true, capturedAmount: 0, refundedAmount: 0 } });
  });

  it('an error code or a bad seal is not an inquiry', () => {
    expect(readSipsTransactionData(signed({ responseCode: '25' }), 200, KEY)).toMatchObject({ ok: false, code: '25' });
    expect(readSipsTransactionData(JSON.stringify({ responseCode: '00', transactionStatus: 'CAPTURED' }), 200, KEY)).toMatchObject({ ok: false, code: 'SIPS_BAD_SEAL' });
  });
});

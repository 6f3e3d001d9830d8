import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxDetail, InboxList } from '../../shared/api';
import type { SipsAccount } from '../../server/config/accounts';
import { formatSipsData } from '../../server/psp/sips/data';
import { paypageSeal } from '../../server/psp/sips/seal';
import { postForm } from '../support/http';
import { accountOf, SIPS_SPLIT_FIELDS, sipsForm } from '../support/psp-messages';
import { startStack } from '../support/stack';

let stack: Awaited<ReturnType<typeof startStack>>;
let account: SipsAccount;
let other: SipsAccount;
const post = (body: string | Buffer, id = 'sips-shop', type?: string) => postForm(`${stack.server.url}/ipn/sips/${id}`, body, type);
const fields = (over: Record<string, string | null>) => ({ ...SIPS_SPLIT_FIELDS, ...over });

beforeAll(async () => {
  stack = await startStack({
    now: () => new Date('2026-11-23T10:00:00Z'),
    editConfig: (json) => {
      json.accounts.push({ ...json.accounts[0]!, id: 'sips-other', merchantId: '099999999990000', secretKey: 'another-shop-key', sealAlgorithm: 'HMAC-SHA-256' });
    },
  });
  account = accountOf<SipsAccount>(stack.config, 'sips-shop');
  other = accountOf<SipsAccount>(stack.config, 'sips-other');
});
afterAll(() => stack.close());


async function lastInbox(): Promise<InboxDetail> {
  const list = await stack.api<InboxList>(`/api/inbox?limit=1`);
  return stack.api<InboxDetail>(`/api/inbox/${list.items[0]!.id}`);
}

describe('Sips automatic response', () => {
  it('turns a SPLIT response into a two-part order: voucher and card supplement', async () => {
    const res = await post(sipsForm(account, SIPS_SPLIT_FIELDS));
    expect(res.status).toBe(200);
    const o = await stack.orderBy('CMD-88412');
    expect(o).toMatchObject({ psp: 'sips', groupKey: 'ORD20261120A1', amount: 2350, expectedAmount: 2350, voucherAmount: 1900, cardAmount: 450, status: 'paid', anomalies: [], customerEmail: 'lea.martin@example.fr' });
    const [card, voucher] = [o.parts.find((p) => p.kind === 'card')!, o.parts.find((p) => p.kind === 'voucher')!];
    expect(voucher).toMatchObject({ brand: 'APETIZ', amount: 1900, authorisationId: null, status: 'TO_CAPTURE' });
    expect(card).toMatchObject({ brand: 'CB', amount: 450, authorisationId: 'A1B2C3', maskedPan: '497010XXXXXX0014' });
    // The rule table at work: no refund of a Sips voucher part, refunds of its card part.
    expect(voucher.operations.find((x) => x.type === 'refund')).toMatchObject({ allowed: false, ruleId: 'sips-voucher' });
    // Paid on 20/11 with captureDay 0: captured that night, so refund (beyond the initial amount with a supervisor), not cancel.
    expect(card.operations.find((x) => x.type === 'cancel')).toMatchObject({ allowed: false, reason: expect.stringMatching(/already captured/) });
    expect(card.operations.find((x) => x.type === 'refund')).toMatchObject({ allowed: true, maxAmount: 450, overInitialAllowed: true });
  });

  it('accepts the JSON body form and the HMAC-SHA-256 seal of an account configured so', async () => {
    const data = formatSipsData(fields({ merchantId: other.merchantId, transactionReference: 'JSON-1', orderId: 'JSON-ORDER', acquirerResponseMessage: null, paymentMeanBrand: 'VISA', paymentMeanType: 'CARD', amount: '1000' }));
    const body = JSON.stringify({ Data: data, Seal: paypageSeal(data, other.secretKey, 'HMAC-SHA-256'), InterfaceVersion: 'HP_2.0', Encode: '' });
    const res = await post(body, 'sips-other', 'application/json');
    expect(res.status).toBe(200);
    const o = await stack.orderBy('JSON-ORDER');
    expect(o.parts).toHaveLength(1);
    expect(o.parts[0]).toMatchObject({ kind: 'card', brand: 'VISA', amount: 1000 });
  });

  it('accepts Encode=base64 with the seal over the base64 text', async () => {
    const data = Buffer.from(formatSipsData(fields({ transactionReference: 'B64-1', orderId: 'B64-ORDER' }))).toString('base64');
    const body = new URLSearchParams({ Data: data, Seal: paypageSeal(data, account.secretKey, 'SHA-256'), Encode: 'base64', InterfaceVersion: 'HP_2.24' }).toString();
    expect((await post(body)).status).toBe(200);
    expect((await stack.orderBy('B64-ORDER')).voucherAmount).toBe(1900);
  });

  it('pending then final, or final then pending, ends accepted; the same response twice changes nothing', async () => {
    const pending = sipsForm(account, fields({ transactionReference: 'PEND-1', orderId: 'PEND-ORDER', responseCode: '60', acquirerResponseCode: null, acquirerResponseMessage: null }));
    const final = sipsForm(account, fields({ transactionReference: 'PEND-1', orderId: 'PEND-ORDER' }));
    await post(final);
    await post(pending);
    const before = await stack.orderBy('PEND-ORDER');
    const again = await post(final);
    expect(again.text).toMatch(/^OK: verified and stored as #\d+$/m);
    const after = await stack.orderBy('PEND-ORDER');
    expect(after.notifications.map((n) => n.outcome)).toEqual(['applied', 'applied', 'duplicate']);
    expect(before.status).toBe('paid');
    // The pending response had no SPLIT (one CONECS part); the final one's voucher part took its place.
    expect(after.parts.map((p) => [p.kind, p.brand, p.status])).toEqual(before.parts.map((p) => [p.kind, p.brand, p.status]));
    expect(after.updatedAt).toBe(before.updatedAt);
  });

  it('flags a SPLIT whose amounts do not add up, instead of rejecting a signed payment', async () => {
    expect((await post(sipsForm(account, fields({ transactionReference: 'SUM-1', orderId: 'SUM-ORDER', acquirerResponseMessage: 'SPLIT:APETIZ:1:1900:CB:4970##14:500' })))).status).toBe(200);
    const o = await stack.orderBy('SUM-ORDER');
    expect(o.status).toBe('amounts_mismatch');
    expect(o.anomalies.map((a) => a.code)).toContain('SPLIT_SUM_MISMATCH');
  });

  it('flags a SPLIT with 5 fields and keeps the payment as one part', async () => {
    expect((await post(sipsForm(account, fields({ transactionReference: 'FIVE-1', orderId: 'FIVE-ORDER', acquirerResponseMessage: 'SPLIT:APETIZ:1:1900:CB' })))).status).toBe(200);
    const o = await stack.orderBy('FIVE-ORDER');
    expect(o.status).toBe('amounts_mismatch');
    expect(o.anomalies[0]).toMatchObject({ code: 'SPLIT_UNPARSEABLE' });
    expect(o.anomalies[0]!.message).toMatch(/expected 7/);
    expect(o.parts).toHaveLength(1);
  });

  it('flags a voucher part in another currency than EUR', async () => {
    expect((await post(sipsForm(account, fields({ transactionReference: 'USD-1', orderId: 'USD-ORDER', currencyCode: '840' })))).status).toBe(200);
    const o = await stack.orderBy('USD-ORDER');
    expect(o.currency).toBe('USD');
    expect(o.anomalies.map((a) => a.code)).toContain('VOUCHER_CURRENCY_NOT_EUR');
  });

  it('masks a full card number before storing it, and says so', async () => {
    expect((await post(sipsForm(account, fields({ transactionReference: 'PAN-1', orderId: 'PAN-ORDER', acquirerResponseMessage: 'SPLIT:APETIZ:1:1900:CB:4970101234567894:450' })))).status).toBe(200);
    const o = await stack.orderBy('PAN-ORDER');
    expect(o.parts.find((p) => p.kind === 'card')!.maskedPan).toBe('497010######7894');
    expect(o.anomalies.map((a) => a.code)).toContain('UNMASKED_PAN_RECEIVED');
  });
});

describe('Sips bad input: a clear 4xx, stored, never a 500', () => {
  const sealed = (over: Record<string, string | null>) => sipsForm(account, fields({ transactionReference: 'BAD-1', ...over }));
  const cases: [string, () => string | Buffer, number, string, string?][] = [
    ['tampered amount', () => sealed({}).replace('amount%3D2350', 'amount%3D1'), 401, 'SEAL_MISMATCH', 'Seal'],
    ['tampered reference', () => sealed({}).replace('orderId%3DCMD-88412', 'orderId%3DCMD-00000'), 401, 'SEAL_MISMATCH', 'Seal'],
    ['signature for another account', () => sipsForm(other, fields({ merchantId: other.merchantId })), 401, 'SEAL_MISMATCH', 'Seal'],
    ['seal of this account on another merchantId', () => sealed({ merchantId: other.merchantId }), 401, 'MERCHANT_MISMATCH', 'Data.merchantId'],
    ['truncated signature', () => sipsForm(account, SIPS_SPLIT_FIELDS, { seal: paypageSeal(formatSipsData(SIPS_SPLIT_FIELDS), account.secretKey, 'SHA-256').slice(0, 40) }), 401, 'SEAL_MALFORMED', 'Seal'],
    ['empty body', () => '', 400, 'EMPTY_BODY', 'Data'],
    ['no Seal', () => 'Data=amount%3D1', 400, 'MISSING_FIELD', 'Seal'],
    ['Data without "="', () => sipsForm(account, {}, { data: 'just some text without pairs' }), 400, 'DATA_SYNTAX', 'Data'],
    ['negative amount', () => sealed({ amount: '-5' }), 400, 'BAD_AMOUNT', 'Data.amount'],
    ['non-numeric amount', () => sealed({ amount: '23,50' }), 400, 'BAD_AMOUNT', 'Data.amount'],
    ['unknown currency', () => sealed({ currencyCode: '999' }), 400, 'BAD_CURRENCY', 'Data.currencyCode'],
    ['missing transactionReference', () => sealed({ transactionReference: null }), 400, 'MISSING_FIELD', 'Data.transactionReference'],
    ['bad JSON body', () => '{"Data": ', 400, 'BODY_NOT_JSON'],
  ];
  for (const [name, build, status, code, field] of cases) {
    it(name, async () => {
      const res = await post(build(), 'sips-shop', name === 'bad JSON body' ? 'application/json' : undefined);
      expect(res.status).toBe(status);
      expect(res.text).toContain(code);
      const stored = await lastInbox();
      expect(stored).toMatchObject({ outcome: 'rejected', httpStatus: status, error: { code, field: field ?? null } });
    });
  }

  it('non-UTF-8 bytes in a sealed Data: 400 naming the byte, the exact bytes kept', async () => {
    const data = Buffer.concat([Buffer.from(formatSipsData(fields({ transactionReference: 'LATIN-1', orderId: 'CAF' }))), Buffer.from([0xe9])]);
    const seal = paypageSeal(data, account.secretKey, 'SHA-256');
    const body = `Data=${[...data].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}&Seal=${seal}`;
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/DATA_NOT_UTF8.*offset \d+/);
    const stored = await lastInbox();
    expect(Buffer.from(stored.bodyBase64, 'base64').toString('latin1')).toBe(body);
    expect(stored.verification).toBe('valid');
  });

  it('a 1 MB body: 413, stored cut at the limit with its real size', async () => {
    const res = await post(`Data=${'a'.repeat(1024 * 1024)}&Seal=x`);
    expect(res.status).toBe(413);
    const stored = await lastInbox();
    expect(stored).toMatchObject({ outcome: 'rejected', httpStatus: 413, bodyTruncated: true, error: { code: 'BODY_TOO_LARGE' } });
    expect(stored.bodySize).toBeGreaterThanOrEqual(1024 * 1024);
  });

  it('GET is not how Sips notifies: 405, stored', async () => {
    const res = await fetch(`${stack.server.url}/ipn/sips/sips-shop?Data=x`);
    expect(res.status).toBe(405);
    expect((await lastInbox()).error?.code).toBe('METHOD_NOT_ALLOWED');
  });
});

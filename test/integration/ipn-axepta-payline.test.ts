import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxList, ReplayResult } from '../../shared/api';
import type { AxeptaAccount } from '../../server/config/accounts';
import { startSandbox } from '../../sandbox/sandbox';
import { getText, postForm } from '../support/http';
import { accountOf, axeptaNotify } from '../support/psp-messages';
import { exampleConfigFor } from '../../sandbox/config';
import { startStack } from '../support/stack';

let stack: Awaited<ReturnType<typeof startStack>>;
let axepta: AxeptaAccount;
let lateSandboxPort = 0;

beforeAll(async () => {
  // A port where no Payline answers yet: reserve one, then free it.
  const probe = await startSandbox(exampleConfigFor('http://127.0.0.1:8788'));
  lateSandboxPort = Number(new URL(probe.url).port);
  await probe.close();
  stack = await startStack({
    editConfig: (json) => {
      json.accounts.push({ ...json.accounts[3]!, id: 'payline-late', apiBaseUrl: `http://127.0.0.1:${lateSandboxPort}/payline/V4/services`, timeoutMs: 2000 });
    },
  });
  axepta = accountOf<AxeptaAccount>(stack.config, 'axepta-shop');
});
afterAll(() => stack.close());

const postAxepta = (body: string, id = 'axepta-shop') => postForm(`${stack.server.url}/ipn/axepta/${id}`, body);

describe('Axepta notify', () => {
  it('decrypts Data, checks the MAC, and groups the parts by TransID', async () => {
    expect((await postAxepta(axeptaNotify(axepta, { payId: 'a'.repeat(32), transId: 'AX-1', amount: '1500', brand: 'APETIZ' }))).status).toBe(200);
    expect((await postAxepta(axeptaNotify(axepta, { payId: 'b'.repeat(32), transId: 'AX-1', amount: '820', brand: 'CB' }))).status).toBe(200);
    const o = await stack.orderBy('AX-1');
    expect(o).toMatchObject({ psp: 'axepta', amount: 2320, voucherAmount: 1500, cardAmount: 820, status: 'paid', partCount: 2 });
    expect(o.parts.every((p) => p.status === 'CAPTURED')).toBe(true);
  });

  it('a refused card part next to an accepted voucher is flagged', async () => {
    await postAxepta(axeptaNotify(axepta, { payId: 'c'.repeat(32), transId: 'AX-2', amount: '1500', brand: 'SODEXO' }));
    await postAxepta(axeptaNotify(axepta, { payId: 'd'.repeat(32), transId: 'AX-2', amount: '300', brand: 'VISA', status: 'FAILED', code: '21000005' }));
    const o = await stack.orderBy('AX-2');
    expect(o.status).toBe('split_inconsistent');
    expect(o.anomalies.map((a) => a.code)).toContain('VOUCHER_ACCEPTED_CARD_REFUSED');
  });

  const bad: [string, () => string, number, string][] = [
    ['wrong MAC', () => axeptaNotify(axepta, { payId: 'e'.repeat(32), transId: 'AX-3', mac: 'A'.repeat(64) }), 401, 'MAC_MISMATCH'],
    ['wrong Blowfish key', () => axeptaNotify({ ...axepta, blowfishKey: 'not-the-key' }, { payId: 'e'.repeat(32), transId: 'AX-3' }), 401, 'DECRYPT_FAILED'],
    ['another merchant', () => axeptaNotify(axepta, { payId: 'e'.repeat(32), transId: 'AX-3' }).replace('MerchantID=BNP_SANDBOX_MID', 'MerchantID=OTHER'), 401, 'MERCHANT_MISMATCH'],
    ['Data not hex', () => 'MerchantID=BNP_SANDBOX_MID&Len=10&Data=zz', 400, 'BAD_DATA'],
    ['non-numeric amount', () => axeptaNotify(axepta, { payId: 'e'.repeat(32), transId: 'AX-3', amount: '12.50' }), 400, 'BAD_AMOUNT'],
    ['empty body', () => '', 400, 'EMPTY_REQUEST'],
  ];
  for (const [name, build, status, code] of bad) {
    it(`${name}: ${status} ${code}, stored`, async () => {
      const res = await postAxepta(build());
      expect(res.status).toBe(status);
      expect(res.text).toContain(code);
      const stored = await stack.api<InboxList>(`/api/inbox?account=axepta-shop&limit=1`);
      expect(stored.items[0]).toMatchObject({ outcome: 'rejected', error: { code } });
    });
  }
});

describe('Payline notification', () => {
  it('asks getWebPaymentDetails and applies the answer', async () => {
    const [sandboxOrder] = stack.sandbox.generate(1, { seed: 11, accountIds: ['payline-shop'] });
    sandboxOrder!.parts[0]!.outcome = 'accepted';
    const report = await stack.sandbox.deliver(stack.server.url, [sandboxOrder!]);
    expect(report.byStatus).toEqual({ 200: 1 });
    const o = await stack.orderBy(sandboxOrder!.reference);
    expect(o).toMatchObject({ psp: 'payline', amount: sandboxOrder!.parts[0]!.amount, status: 'paid', customerEmail: sandboxOrder!.email });
    expect(o.parts[0]).toMatchObject({ brand: 'PAYCONIQ', status: 'CAPTURED' });
    expect(o.notifications[0]).toMatchObject({ verification: 'confirmed_by_api' });
    expect(o.parts[0]!.operations.find((x) => x.type === 'refund')).toMatchObject({ allowed: true, ruleId: 'payline-any' });
  });

  it('an unknown token: 400 naming the token, stored', async () => {
    const res = await getText(`${stack.server.url}/ipn/payline/payline-shop?notificationType=WEBTRS&token=NOPE`);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/TOKEN_UNKNOWN.*\(field token\)/);
  });

  it('a missing token: 400', async () => {
    const res = await getText(`${stack.server.url}/ipn/payline/payline-shop?notificationType=WEBTRS`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('(field token)');
  });

  it('Payline unreachable: 502 and stored; replayed once Payline answers, it is applied', async () => {
    const [sandboxOrder] = stack.sandbox.generate(1, { seed: 12, accountIds: ['payline-shop'] });
    sandboxOrder!.parts[0]!.outcome = 'accepted';
    const message = stack.sandbox.messages(sandboxOrder!)[0]!;
    const res = await stack.sandbox.send(stack.server.url, { ...message, accountId: 'payline-late' });
    expect(res.status).toBe(502);
    expect(res.text).toContain('PSP_UNREACHABLE');
    const stored = await stack.api<InboxList>(`/api/inbox?account=payline-late`);
    const failedId = stored.items[0]!.id;
    expect(stored.items[0]).toMatchObject({ outcome: 'rejected', httpStatus: 502 });

    const late = await startSandbox(stack.config, lateSandboxPort);
    try {
      late.sandbox.issue(message);
      const replay = await stack.as('supervisor')<ReplayResult>(`/api/inbox/${failedId}/replay`, { method: 'POST' });
      expect(replay).toMatchObject({ replayOf: failedId, outcome: 'applied', httpStatus: 200 });
      expect((await stack.orderBy(sandboxOrder!.reference)).status).toBe('paid');
      const again = await stack.api<ReplayResult>(`/api/inbox/${failedId}/replay`, { method: 'POST' });
      expect(again.outcome).toBe('duplicate');
    } finally {
      await late.close();
    }
  });
});

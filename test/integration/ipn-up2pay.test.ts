import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxList } from '../../shared/api';
import type { Up2payAccount } from '../../server/config/accounts';
import { signIpn } from '../../server/psp/up2pay/signature';
import { rfc3986 } from '../../server/psp/form';
import { up2payQuery, UP2PAY_SANDBOX_PRIVATE_KEY } from '../../sandbox/notify';
import { getText, postForm } from '../support/http';
import { accountOf, seed002Pair } from '../support/psp-messages';
import { startStack } from '../support/stack';

let stack: Awaited<ReturnType<typeof startStack>>;
let account: Up2payAccount;
let bare: Up2payAccount;
const ipn = (query: string, id = 'up2pay-shop') => getText(`${stack.server.url}/ipn/up2pay/${id}?${query}`);

beforeAll(async () => {
  stack = await startStack({
    editConfig: (json) => {
      // A merchant who asked for neither the call number (T) nor the transaction number (S).
      json.accounts.push({ ...json.accounts[1]!, id: 'up2pay-bare', pbxRetour: 'montant:M;ref:R;erreur:E;carte:C;sign:K' });
    },
  });
  account = accountOf<Up2payAccount>(stack.config, 'up2pay-shop');
  bare = accountOf<Up2payAccount>(stack.config, 'up2pay-bare');
});
afterAll(() => stack.close());


describe('Up2pay IPN', () => {
  it('groups the seed 002 pair, sent in reverse order and once more, into one order of 2500 cents', async () => {
    const { voucher, card } = seed002Pair(account);
    expect((await ipn(card)).status).toBe(200);
    expect((await ipn(voucher)).status).toBe(200);
    const again = await ipn(voucher);
    expect(again.status).toBe(200);
    // Answered once stored; applying it finds nothing new (the notifications' outcomes below).
    expect(again.text).toMatch(/^OK: verified and stored as #\d+$/m);

    const order = await stack.orderBy('foX8PuNwrNc8');
    expect(order).toMatchObject({ amount: 2500, voucherAmount: 1500, cardAmount: 1000, callNumber: '2310165', status: 'paid', partCount: 2 });
    const parts = Object.fromEntries(order.parts.map((p) => [p.brand, p]));
    expect(parts.APETIZ).toMatchObject({ kind: 'voucher', amount: 1500, pspTransactionId: '722487980', authorisationId: null, status: 'TO_CAPTURE' });
    expect(parts.LIMOCB).toMatchObject({ kind: 'card', amount: 1000, pspTransactionId: '722487981', authorisationId: '123456' });
    expect(order.notifications.map((n) => n.outcome)).toEqual(['applied', 'applied', 'duplicate']);
    // The paid day is 20/11/2026 (Paris): refunds allowed from J+1, per the rule table.
    expect(parts.APETIZ!.operations.find((o) => o.type === 'cancel')).toMatchObject({ allowed: false, ruleId: 'up2pay-conecs' });
  });

  it('accepts the same variables by POST, and parameter names in any case', async () => {
    const query = up2payQuery(account, { M: '900', R: 'POST-1', T: '5550001', P: 'LIMONETIK', C: 'SODEXO', E: '00000', S: '900000001' });
    const upper = query.replace(/^Mt=/, 'MT=');
    const res = await postForm(`${stack.server.url}/ipn/up2pay/up2pay-shop`, upper);
    // Renaming changes the signed bytes: the signature must not verify.
    expect(res.status).toBe(401);
    const signedUpper = up2payQuery({ ...account, retour: { ...account.retour, names: account.retour.names.map((n) => (n === 'Mt' ? 'MT' : n)) } }, { M: '900', R: 'POST-1', T: '5550001', P: 'LIMONETIK', C: 'SODEXO', E: '00000', S: '900000001' });
    const ok = await postForm(`${stack.server.url}/ipn/up2pay/up2pay-shop`, signedUpper);
    expect(ok.status).toBe(200);
    expect((await stack.orderBy('POST-1')).amount).toBe(900);
  });

  it('a final status arriving before the pending one ends in the same state', async () => {
    const base = { R: 'ORDER-PF', T: '5550002', P: 'LIMONETIK', C: 'APETIZ', S: '900000002', M: '1200' };
    const pending = up2payQuery(account, { ...base, E: '99999' });
    const final = up2payQuery(account, { ...base, E: '00000' });
    await ipn(final);
    await ipn(pending);
    const order = await stack.orderBy('ORDER-PF');
    expect(order.status).toBe('paid');
    expect(order.parts[0]!.status).toBe('TO_CAPTURE');
    expect(order.parts[0]!.history.map((h) => h.status).sort()).toEqual(['PENDING', 'TO_CAPTURE']);
  });

  it('works without call number and transaction number: grouped by reference, parts told apart by brand', async () => {
    const q1 = up2payQuery(bare, { M: '1300', R: 'BARE-1', E: '00000', C: 'UPCHEQUDEJ' });
    const q2 = up2payQuery(bare, { M: '700', R: 'BARE-1', E: '00000', C: 'LIMOCB' });
    expect((await ipn(q1, 'up2pay-bare')).status).toBe(200);
    expect((await ipn(q2, 'up2pay-bare')).status).toBe(200);
    const order = await stack.orderBy('BARE-1');
    expect(order).toMatchObject({ amount: 2000, voucherAmount: 1300, cardAmount: 700, callNumber: null, partCount: 2 });
  });

  it('applies the official module’s Limonetik fallback: extra parameters outside PBX_RETOUR', async () => {
    const values: Record<string, string> = { Mt: '1000', Ref: 'LIMO FALLBACK', Appel: '5550003', ChoixPaiement: 'LIMONETIK', ChoixCarte: 'CVCONNECT', Erreur: '00000', Transaction: '900000003' };
    const signed = Object.entries(values).map(([k, v]) => `${k}=${rfc3986(Buffer.from(v))}`).join('&');
    const signature = encodeURIComponent(signIpn(signed, UP2PAY_SANDBOX_PRIVATE_KEY));
    const received = `Mt=1000&Ref=LIMO+FALLBACK&Appel=5550003&Abo=0&ChoixPaiement=LIMONETIK&ChoixCarte=CVCONNECT&Erreur=00000&Transaction=900000003&Signature=${signature}`;
    expect((await ipn(received)).status).toBe(200);
    const inbox = await stack.api<InboxList>(`/api/inbox?account=up2pay-shop&limit=1`);
    expect(inbox.items[0]!.verificationDetail).toMatch(/Limonetik fallback/);
  });

  it('decodes ISO-8859-1 values (Paybox) instead of failing', async () => {
    const q = up2payQuery(account, { M: '450', R: 'CAF%E9', T: '5550004', P: 'LIMONETIK', C: 'LIMOCB', E: '00000', S: '900000004' });
    // up2payQuery encodes with encodeURIComponent; rebuild with the raw Latin-1 byte for é.
    const latin = q.split('&Signature=')[0]!.replace('CAF%25E9', 'CAF%E9');
    const res = await ipn(`${latin}&Signature=${encodeURIComponent(signIpn(latin, UP2PAY_SANDBOX_PRIVATE_KEY))}`);
    expect(res.status).toBe(200);
    expect((await stack.orderBy('CAFé')).reference).toBe('CAFé');
  });
});

describe('Up2pay bad input: a clear 4xx, stored, never a 500', () => {
  const signedWith = (values: Record<string, string | null>) => up2payQuery(account, { R: 'BAD', T: '5559999', P: 'LIMONETIK', C: 'APETIZ', E: '00000', S: '900009999', M: '100', ...values });
  const cases: [string, () => string, number, string][] = [
    ['tampered amount', () => signedWith({ M: '1500' }).replace('Mt=1500', 'Mt=15'), 401, 'SIGNATURE_MISMATCH'],
    ['tampered reference', () => signedWith({ R: 'REF-A' }).replace('Ref=REF-A', 'Ref=REF-B'), 401, 'SIGNATURE_MISMATCH'],
    ['truncated signature', () => signedWith({}).slice(0, -40), 401, 'SIGNATURE_MALFORMED'],
    ['no signature', () => signedWith({}).split('&Signature=')[0]!, 401, 'SIGNATURE_MISSING'],
    ['non-numeric amount', () => signedWith({ M: 'abc' }), 400, 'BAD_AMOUNT'],
    ['negative amount', () => signedWith({ M: '-100' }), 400, 'BAD_AMOUNT'],
    ['missing reference', () => signedWith({ R: null }), 400, 'MISSING_FIELD'],
  ];
  for (const [name, build, status, code] of cases) {
    it(name, async () => {
      const res = await ipn(build());
      expect(res.status).toBe(status);
      expect(res.text).toContain(code);
      const stored = await stack.api<InboxList>(`/api/inbox?rejected=true&limit=1`);
      expect(stored.items[0]).toMatchObject({ outcome: 'rejected', httpStatus: status, error: { code } });
    });
  }

  it('names the field of a bad amount', async () => {
    const res = await ipn(signedWith({ M: '12.5x' }));
    expect(res.text).toContain('(field Mt)');
  });

  it('unknown account: 404, stored as rejected', async () => {
    const res = await ipn(signedWith({}), 'nobody');
    expect(res.status).toBe(404);
    const stored = await stack.api<InboxList>(`/api/inbox?account=nobody`);
    expect(stored.items[0]).toMatchObject({ verification: 'unknown_account', outcome: 'rejected' });
  });

  it('a signature made for another account does not verify', async () => {
    // Same PBX_RETOUR, but signed with a key that is not the configured one (another PSP key pair).
    const { generateKeyPairSync } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const res = await ipn(up2payQuery(account, { M: '100', R: 'OTHER', E: '00000' }, other));
    expect(res.status).toBe(401);
  });
});

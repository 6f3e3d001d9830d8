import { createHash } from 'node:crypto';
import type { AxeptaAccount } from '../../server/config/accounts';
import { AXEPTA_INQUIRE_PAGE, AXEPTA_PAGES, decryptAxeptaData, inquireMac, type AxeptaOperation } from '../../server/psp/axepta/cash';
import { encryptData, macEquals, requestMac, responseMac } from '../../server/psp/axepta/crypto';
import { parseForm, type FormFields } from '../../server/psp/form';
import { axeptaPayId, finalPhase } from '../notify';
import type { SandboxOrder, SandboxPart } from '../orders';
import type { CashCall, MountCash } from './context';
import { underFault } from './faults';
import type { LedgerOperation } from './ledger';

/**
 * The sandbox Axepta (Computop Paygate) cash API at the paths the example configuration points to:
 * capture.aspx, credit.aspx, reverse.aspx and inquire.aspx, with Computop's own limits (seed 001).
 *
 * Codes follow Computop's structure [C developer.computop.com "A4 Error codes"]: digit 1 the severity
 * (0 ok, 2 error), digits 2-4 the module (001 cryptography, 010 parameter missing, 016 value unknown or
 * not allowed, 017 already present, 018 no longer valid, 020-0FF Paygate internal), digits 5-8 the
 * parameter. Which number names which parameter is not published: those below are ours [I].
 */
const PARAM = { MerchantID: '0001', PayID: '0002', TransID: '0003', Amount: '0004', Currency: '0005', MAC: '0006', Data: '0007', ReqID: '0008' } as const;
const code = (module: string, param: keyof typeof PARAM) => `2${module}${PARAM[param]}`;
export const AXEPTA_CODES = {
  ok: '00000000',
  unknownMerchant: code('016', 'MerchantID'),
  undecryptable: code('001', 'Data'),
  badMac: code('001', 'MAC'),
  unknownPayId: code('016', 'PayID'),
  otherTransId: code('016', 'TransID'),
  amountNotAllowed: code('016', 'Amount'),
  otherCurrency: code('016', 'Currency'),
  notInThisState: code('018', 'PayID'),
  /** The `fail` fault: a Paygate internal error, nothing done. */
  internal: '20200000',
  /** The `already_processed` fault: see faultAnswer. */
  alreadyPresent: code('017', 'ReqID'),
} as const;
const missing = (param: keyof typeof PARAM) => code('010', param);

type Answer = Record<string, string>;
const PAGE_OPERATION: Record<string, AxeptaOperation | 'inquire'> = {
  ...Object.fromEntries(Object.entries(AXEPTA_PAGES).map(([op, page]) => [page, op as AxeptaOperation])),
  [AXEPTA_INQUIRE_PAGE]: 'inquire',
};

/** XID: Computop's id of one single operation (an32). */
const xidOf = (payId: string, salt: string) => createHash('md5').update(`${payId}:${salt}`).digest('hex');

/** `Len=…&Data=…`: the answer encrypted with the merchant's Blowfish key (PSP-FORMATS.md §5.3). */
function encrypted(account: AxeptaAccount, fields: Answer): string {
  const { len, data } = encryptData(new URLSearchParams(fields).toString(), account.blowfishKey);
  return new URLSearchParams({ Len: String(len), Data: data }).toString();
}

/** Signs an answer with the response MAC `PayID*TransID*mid*Status*Code`. */
function signed(account: AxeptaAccount, fields: Answer): Answer {
  const mac = responseMac(account.hmacKey, { payId: fields.PayID ?? '', transId: fields.TransID ?? '', merchantId: account.merchantId, status: fields.Status ?? '', code: fields.Code ?? '' });
  return { ...fields, MAC: mac };
}

interface Request {
  account: AxeptaAccount;
  operation: AxeptaOperation | 'inquire';
  fields: FormFields;
  v(name: string): string;
}

function base(r: Request, status: 'OK' | 'FAILED', c: string, description: string, xid: string): Answer {
  return { mid: r.account.merchantId, PayID: r.v('PayID'), XID: xid, TransID: r.v('TransID'), Status: status, Description: description, Code: c };
}

export const mountAxeptaCash: MountCash = (app, context) => {
  let attempts = 0;
  const refused = (r: Request, c: string, description: string) => signed(r.account, base(r, 'FAILED', c, description, xidOf(r.v('PayID'), `attempt-${++attempts}`)));

  /** The part the PayID names, or why not. */
  const locate = (r: Request): { ok: true; order: SandboxOrder; part: SandboxPart } | { ok: false; answer: Answer } => {
    const found = context.ledger.find(r.account.id, (o, p) => o.psp === 'axepta' && axeptaPayId(o, p) === r.v('PayID'));
    if (!found) return { ok: false, answer: refused(r, AXEPTA_CODES.unknownPayId, `PayID ${r.v('PayID')} unknown`) };
    if (found.order.reference !== r.v('TransID')) return { ok: false, answer: refused(r, AXEPTA_CODES.otherTransId, `TransID ${r.v('TransID')} is not the TransID of this PayID`) };
    return { ok: true, ...found };
  };

  /** Performs capture, credit or reverse within Computop's limits, or refuses it. */
  const perform = (r: Request & { operation: AxeptaOperation }): Answer => {
    const reqId = r.v('ReqID') || null;
    // Same ReqID again: the first result, nothing done twice (seed 001, ReqID).
    const earlier = reqId ? context.ledger.byRequestId(r.account.id, reqId) : undefined;
    if (earlier) return done(r, earlier);
    const found = locate(r);
    if (!found.ok) return found.answer;
    const { order, part } = found;
    if (r.v('Currency').toUpperCase() !== order.currency) return refused(r, AXEPTA_CODES.otherCurrency, `Currency ${r.v('Currency')} is not the payment's (${order.currency})`);
    const amount = Number(r.v('Amount'));
    const b = context.ledger.balance(order, part);
    if (r.operation === 'capture') {
      if (!b.awaitingCapture) return refused(r, AXEPTA_CODES.notInThisState, b.cancelled ? 'payment reversed: nothing to capture' : 'payment not awaiting capture (captured already, or not authorised)');
      if (amount <= 0 || amount > b.authorised) return refused(r, AXEPTA_CODES.amountNotAllowed, `Amount ${amount} exceeds the authorised ${b.authorised}`);
    } else if (r.operation === 'refund') {
      if (b.captured === 0) return refused(r, AXEPTA_CODES.notInThisState, 'nothing captured: a credit with reference needs a capture');
      // Credit with reference: cumulated credits at most the captured amount (seed 001).
      if (amount <= 0 || amount > b.captured - b.refunded) return refused(r, AXEPTA_CODES.amountNotAllowed, `Amount ${amount} exceeds the captured amount not yet credited (${b.captured - b.refunded})`);
    } else {
      if (!b.awaitingCapture) return refused(r, AXEPTA_CODES.notInThisState, b.cancelled ? 'payment already reversed' : 'payment captured or not authorised: reverse only before capture, use a credit');
      if (amount !== b.authorised) return refused(r, AXEPTA_CODES.amountNotAllowed, `Amount ${amount} must be the authorised ${b.authorised}`);
    }
    return done(r, context.ledger.record(r.account.id, order, part, r.operation, amount, reqId));
  };

  const done = (r: Request, op: LedgerOperation): Answer => signed(r.account, { ...base(r, 'OK', AXEPTA_CODES.ok, 'success', xidOf(r.v('PayID'), op.id)), PayID: axeptaPayId(op.order, op.part), TransID: op.order.reference });

  /** inquire.aspx: the amounts the Paygate holds (AmountAuth/AmountCap/AmountCred), LastStatus of the last step. */
  const inquiry = (r: Request): Answer => {
    const found = locate(r);
    if (!found.ok) return found.answer;
    const b = context.ledger.balance(found.order, found.part);
    const phase = finalPhase(found.part.outcome);
    return signed(r.account, {
      ...base(r, 'OK', AXEPTA_CODES.ok, 'success', xidOf(r.v('PayID'), 'inquire')),
      // A reversal leaves nothing authorised [I]: what the connector reads as cancelled.
      AmountAuth: String(b.cancelled ? 0 : b.authorised),
      AmountCap: String(b.captured),
      AmountCred: String(b.refunded),
      Currency: found.order.currency,
      LastStatus: phase === 'accepted' ? 'OK' : phase === 'pending' ? 'PENDING' : 'FAILED',
    });
  };

  for (const page of Object.keys(PAGE_OPERATION)) {
    app.post(`/axepta/${page}`, async (c) => {
      const operation = PAGE_OPERATION[page]!;
      const body = await c.req.text();
      const outer = parseForm(body);
      const merchantId = outer.text('MerchantID')?.trim() ?? '';
      const account = [...context.config.accounts.values()].find((a): a is AxeptaAccount => a.psp === 'axepta' && a.merchantId === merchantId);
      const call: CashCall = { at: new Date(), psp: 'axepta', accountId: account?.id ?? null, operation, path: c.req.path, body, signatureValid: false, code: '' };
      context.calls.push(call);
      // What cannot be decrypted cannot be answered encrypted: a plain refusal [I].
      const plain = (c2: string, description: string) => {
        call.code = c2;
        return c.text(new URLSearchParams({ mid: merchantId, Status: 'FAILED', Code: c2, Description: description }).toString());
      };
      if (!account) return plain(AXEPTA_CODES.unknownMerchant, `MerchantID ${merchantId} unknown`);
      const fields = decryptAxeptaData(outer.text('Data') ?? '', outer.text('Len'), account.blowfishKey);
      if (!fields) return plain(AXEPTA_CODES.undecryptable, 'Data could not be decrypted');
      const v = (name: string) => fields.text(name)?.trim() ?? '';
      const r: Request = { account, operation, fields, v };
      const reply = (answer: Answer) => {
        call.code = answer.Code ?? '';
        return c.text(encrypted(account, answer));
      };

      const macInput = { payId: v('PayID'), transId: v('TransID'), merchantId: v('MerchantID') };
      const expected =
        operation === 'inquire'
          ? inquireMac(account.hmacKey, macInput)
          : requestMac(account.hmacKey, { ...macInput, amount: Number(v('Amount')), currency: v('Currency') });
      // Not signed with the merchant's HMAC key: refused, and unsigned since we cannot tell who asked [I].
      if (v('MerchantID') !== account.merchantId || !/^\d*$/.test(v('Amount')) || !macEquals(expected, v('MAC'))) {
        return reply(base(r, 'FAILED', AXEPTA_CODES.badMac, 'MAC invalid', xidOf(v('PayID'), `attempt-${++attempts}`)));
      }
      call.signatureValid = true;

      const required: (keyof typeof PARAM)[] = operation === 'inquire' ? ['PayID', 'TransID'] : ['PayID', 'TransID', 'Amount', 'Currency'];
      const absent = required.find((name) => !v(name));
      if (absent) return reply(refused(r, missing(absent), `${absent} is missing`));
      if (operation === 'inquire') return reply(inquiry(r));

      let last: Answer | undefined;
      const answer = await underFault(
        context.faults,
        'axepta',
        () => (last = perform({ ...r, operation })),
        (mode) =>
          mode === 'fail'
            ? refused(r, AXEPTA_CODES.internal, 'internal error, nothing processed')
            : // already_processed: the work is done, the answer says the ReqID was already submitted. Computop's
              // closest real answer is module 017 "parameter is already present" on ReqID: a repeat it refuses
              // to process again, which leaves the caller not knowing whether the first one went through.
              signed(account, { ...(last ?? base(r, 'OK', '', '', xidOf(v('PayID'), 'dup'))), Status: 'FAILED', Code: AXEPTA_CODES.alreadyPresent, Description: 'ReqID already present' }),
      );
      return reply(answer);
    });
  }
};

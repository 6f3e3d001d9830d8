import { brandFromPsp } from '../../../shared/brands';
import { normaliseCurrency, parseCents } from '../../../shared/money';
import type { PartStatus } from '../../../shared/psp';
import type { AxeptaAccount } from '../../config/accounts';
import type { OrderObservation } from '../../domain/observation';
import { badRequest, badSignature, type IncomingNotification, type Interpretation, type NotificationAdapter } from '../adapter';
import { parseForm, type FormFields } from '../form';
import { decryptData, macEquals, responseMac } from './crypto';

/** Decrypts a `MerchantID`/`Len`/`Data` message; the notify and the server-to-server answers share it. */
export function openMessage(outer: FormFields, blowfishKey: string): { fields: FormFields } | { error: string; field: string; signature: boolean } {
  const hex = outer.text('Data')?.trim();
  if (!hex) return { error: 'Data is missing or empty', field: 'Data', signature: false };
  if (!/^([0-9a-fA-F]{16})+$/.test(hex)) {
    return { error: 'Data must be hexadecimal text whose length is a multiple of 16 (Blowfish blocks)', field: 'Data', signature: false };
  }
  const lenText = outer.text('Len')?.trim();
  if (lenText !== undefined && !/^\d+$/.test(lenText)) return { error: `Len must be a number, got "${lenText}"`, field: 'Len', signature: false };
  const plain = decryptData(hex, blowfishKey, lenText === undefined ? null : Number(lenText));
  const text = plain.toString('latin1');
  // A wrong key gives random bytes, not `Key=Value&...` with a MAC.
  if (!/^[\x20-\x7e]+$/.test(text) || !/(^|&)MAC=/i.test(text)) {
    return { error: "Data does not decrypt to Key=Value pairs with this account's Blowfish key", field: 'Data', signature: true };
  }
  return { fields: parseForm(text) };
}

function interpret(n: IncomingNotification, account: AxeptaAccount): Interpretation {
  const raw = n.method === 'POST' && n.body.length > 0 ? n.body.toString('latin1') : n.query;
  if (!raw) return badRequest('EMPTY_REQUEST', 'no parameters: expected MerchantID, Len and Data', 'Data');
  const outer = parseForm(raw);
  const plainMerchant = outer.text('MerchantID');
  if (plainMerchant !== undefined && plainMerchant !== account.merchantId) {
    return badSignature('MERCHANT_MISMATCH', `MerchantID ${plainMerchant} is not this account's (${account.merchantId})`, 'MerchantID');
  }
  const opened = openMessage(outer, account.blowfishKey);
  if ('error' in opened) return opened.signature ? badSignature('DECRYPT_FAILED', opened.error, opened.field) : badRequest('BAD_DATA', opened.error, opened.field);
  const f = opened.fields;
  const v = (name: string) => f.text(name)?.trim() || null;

  for (const name of ['PayID', 'TransID', 'Status', 'Code']) {
    if (!v(name)) return badRequest('MISSING_FIELD', `${name} is missing from the decrypted Data`, `Data.${name}`);
  }
  const mid = v('mid') ?? v('MerchantID') ?? account.merchantId;
  const expected = responseMac(account.hmacKey, { payId: v('PayID')!, transId: v('TransID')!, merchantId: mid, status: v('Status')!, code: v('Code')! });
  if (!macEquals(expected, v('MAC') ?? '')) return badSignature('MAC_MISMATCH', "MAC does not match PayID*TransID*MID*Status*Code with this account's HMAC key", 'Data.MAC');
  if (mid !== account.merchantId) return badSignature('MERCHANT_MISMATCH', `mid ${mid} is not this account's (${account.merchantId})`, 'Data.mid');
  const verification = { verification: 'valid' as const, detail: 'Blowfish Data, HMAC-SHA256 MAC' };

  let amount = 0;
  const amountText = v('Amount');
  if (amountText) {
    const parsed = parseCents(amountText);
    if (!parsed.ok) return badRequest('BAD_AMOUNT', parsed.error.message, 'Data.Amount', verification);
    amount = parsed.value;
  }
  const currency = normaliseCurrency(v('Currency') ?? 'EUR');
  if (!currency) return badRequest('BAD_CURRENCY', `Currency "${v('Currency')}" is not a known ISO 4217 code`, 'Data.Currency', verification);

  // The notify has no brand field in seed 001; some Computop flows add one. Without it, this is the
  // Limonetik contract's own means: a Conecs voucher.
  const brandRaw = v('Brand') ?? v('CCBrand') ?? v('PaymentBrand');
  const brand = brandFromPsp('axepta', brandRaw);
  const kind = brand?.kind ?? (brandRaw ? 'card' : 'voucher');
  const status = statusOf(v('Status')!, v('Code')!, account.captureMode);
  const payId = v('PayID')!;

  const observation: OrderObservation = {
    accountId: account.id,
    psp: 'axepta',
    groupKey: v('TransID')!,
    reference: v('TransID'),
    callNumber: null,
    currency,
    expectedAmount: null,
    customerEmail: null,
    anomalies: [],
    parts: [
      {
        partKey: payId,
        kind,
        brand: brand?.code ?? (brandRaw ?? 'CONECS').toUpperCase(),
        amount,
        currency,
        status,
        responseCode: v('Code'),
        message: status === 'REFUSED' ? (v('ErrorText') ?? v('Description')) : null,
        pspTransactionId: payId,
        authorisationId: null,
        maskedPan: null,
        occurredAt: null,
        captureDelayDays: null,
        anomalies: amountText ? [] : [{ code: 'AMOUNT_NOT_NOTIFIED', message: 'the Axepta notify carried no Amount: the batch response file will give it' }],
      },
    ],
  };
  return { ok: true, verification, observation };
}

/** Code's first digit: 0 success, 2/4 error, 6/7 still in progress (PSP-FORMATS.md §5.4). */
function statusOf(status: string, code: string, captureMode: AxeptaAccount['captureMode']): PartStatus {
  const s = status.toUpperCase();
  if (s === 'PENDING' || /^[67]/.test(code)) return 'PENDING';
  if (s === 'FAILED' || !code.startsWith('0')) return 'REFUSED';
  if (s === 'AUTHORIZED') return 'TO_CAPTURE';
  return captureMode === 'AUTO' ? 'CAPTURED' : 'TO_CAPTURE';
}

export const axeptaNotifications: NotificationAdapter<AxeptaAccount> = { psp: 'axepta', remote: false, interpret };

import type { Anomaly } from '../../../shared/api';
import { brandAndKind } from '../../../shared/brands';
import { normaliseCurrency, parseCents } from '../../../shared/money';
import { keepMaskedPan } from '../../../shared/pan';
import type { PartKind, PartStatus } from '../../../shared/psp';
import { checkSplitTotal, isSplitMessage, parseSplit } from '../../../shared/split';
import { toUtcIso } from '../../../shared/time';
import { invalidUtf8Offset } from '../../bytes';
import type { SipsAccount } from '../../config/accounts';
import type { OrderObservation, PartObservation } from '../../domain/observation';
import { badRequest, badSignature, type IncomingNotification, type Interpretation, type NotificationAdapter } from '../adapter';
import { parseForm } from '../form';
import { parseSipsData } from './data';
import { hexEquals, paypageSeal } from './seal';

interface Envelope {
  data: Buffer;
  seal: string;
  encode: string;
}

/** The automatic response arrives as a form (`Data`, `Seal`, `InterfaceVersion`, `Encode`) or as the same keys in JSON. */
function readEnvelope(n: IncomingNotification): Envelope | Interpretation {
  if (n.body.length === 0) return badRequest('EMPTY_BODY', 'empty body: expected the form fields Data and Seal', 'Data');
  const isJson = (n.contentType ?? '').includes('json') || n.body[0] === 0x7b; /* { */
  if (isJson) {
    let json: unknown;
    try {
      json = JSON.parse(n.body.toString('utf8'));
    } catch (e) {
      return badRequest('BODY_NOT_JSON', `the JSON body does not parse: ${(e as Error).message}`);
    }
    const o = (json ?? {}) as Record<string, unknown>;
    if (typeof o.Data !== 'string' || !o.Data) return badRequest('MISSING_FIELD', 'Data is missing or not a string', 'Data');
    if (typeof o.Seal !== 'string' || !o.Seal) return badRequest('MISSING_FIELD', 'Seal is missing or not a string', 'Seal');
    return { data: Buffer.from(o.Data, 'utf8'), seal: o.Seal, encode: typeof o.Encode === 'string' ? o.Encode : '' };
  }
  const form = parseForm(n.body.toString('latin1'));
  const data = form.get('Data');
  const seal = form.text('Seal');
  if (!data || data.value.length === 0) return badRequest('MISSING_FIELD', 'the form field Data is missing or empty', 'Data');
  if (!seal) return badRequest('MISSING_FIELD', 'the form field Seal is missing or empty', 'Seal');
  return { data: data.value, seal, encode: form.text('Encode') ?? '' };
}

const SEAL_FORMAT = /^[0-9a-fA-F]{64}$/;

function interpret(n: IncomingNotification, account: SipsAccount): Interpretation {
  const envelope = readEnvelope(n);
  if (!('data' in envelope)) return envelope;
  const { data, seal, encode } = envelope;

  if (!SEAL_FORMAT.test(seal)) return badSignature('SEAL_MALFORMED', `Seal must be 64 hexadecimal characters, got ${seal.length} characters`, 'Seal');
  if (!hexEquals(paypageSeal(data, account.secretKey, account.sealAlgorithm), seal)) {
    return badSignature('SEAL_MISMATCH', `Seal does not match Data with this account's ${account.sealAlgorithm} key (version ${account.keyVersion})`, 'Seal');
  }
  const verification = { verification: 'valid' as const, detail: `${account.sealAlgorithm} seal, key version ${account.keyVersion}` };
  const reject = (code: string, message: string, field: string) => badRequest(code, message, field, verification);

  let dataBytes = data;
  if (encode.toLowerCase() === 'base64') {
    const text = data.toString('latin1').trim();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return reject('DATA_NOT_BASE64', 'Encode is base64 but Data is not base64 text', 'Data');
    dataBytes = Buffer.from(text, 'base64');
  }
  const badByte = invalidUtf8Offset(dataBytes);
  if (badByte >= 0) return reject('DATA_NOT_UTF8', `Data is not valid UTF-8 (first bad byte at offset ${badByte})`, 'Data');
  const fields = parseSipsData(dataBytes.toString('utf8'));
  if (![...fields.values()].some((v) => v !== null)) {
    return reject('DATA_SYNTAX', 'Data holds no key=value pair (expected key=value pairs separated by "|")', 'Data');
  }
  const get = (k: string) => fields.get(k) ?? null;

  const merchantId = get('merchantId');
  if (!merchantId) return reject('MISSING_FIELD', 'merchantId is missing', 'Data.merchantId');
  if (merchantId !== account.merchantId) {
    return badSignature('MERCHANT_MISMATCH', `merchantId ${merchantId} in Data is not this account's (${account.merchantId})`, 'Data.merchantId');
  }
  for (const name of ['amount', 'currencyCode', 'responseCode'] as const) {
    if (!get(name)) return reject('MISSING_FIELD', `${name} is missing`, `Data.${name}`);
  }
  const transactionReference = get('transactionReference') ?? (get('s10TransactionId') ? `${get('s10TransactionIdDate') ?? ''}-${get('s10TransactionId')}` : null);
  if (!transactionReference) return reject('MISSING_FIELD', 'transactionReference (or s10TransactionId) is missing', 'Data.transactionReference');
  const amount = parseCents(get('amount')!);
  if (!amount.ok) return reject('BAD_AMOUNT', amount.error.message, 'Data.amount');
  const currency = normaliseCurrency(get('currencyCode')!);
  if (!currency) return reject('BAD_CURRENCY', `currencyCode "${get('currencyCode')}" is not a known ISO 4217 code`, 'Data.currencyCode');
  const occurredRaw = get('transactionDateTime');
  const occurredAt = occurredRaw ? toUtcIso(occurredRaw) : null;
  if (occurredRaw && !occurredAt) return reject('BAD_DATE', `transactionDateTime "${occurredRaw}" is not an ISO-8601 date-time with offset`, 'Data.transactionDateTime');

  const responseCode = get('responseCode')!;
  const acquirerCode = get('acquirerResponseCode');
  const status = statusOf(responseCode, get('captureMode'));
  const captureDay = Number(get('captureDay') ?? '0');
  const anomalies: Anomaly[] = [];
  const orderAnomalies: Anomaly[] = [];

  const kept = keepMaskedPan(get('maskedPan'), 'maskedPan');
  const maskedPan = kept.pan;
  if (kept.anomaly) anomalies.push(kept.anomaly);

  const refusal = status === 'REFUSED' ? refusalText(responseCode, acquirerCode) : null;
  const captureDelayDays = status === 'TO_CAPTURE' ? Math.min(Number.isFinite(captureDay) ? captureDay : 0, 7) : null;
  /*
   * One literal of every field, not spreads of a shared base: notifications pass here by the
   * thousand. The key order is part of the event's fingerprint (its JSON): keep it.
   */
  const part = (kind: PartKind, brand: string, partAmount: number, authorisationId: string | null, pan: string | null, partAnomalies: Anomaly[]): PartObservation => ({
    currency,
    status,
    responseCode: acquirerCode ? `${responseCode}/${acquirerCode}` : responseCode,
    message: refusal,
    pspTransactionId: transactionReference,
    occurredAt,
    captureDelayDays,
    brand,
    kind,
    partKey: kind,
    amount: partAmount,
    authorisationId,
    maskedPan: pan,
    anomalies: partAnomalies,
  });

  const parts: PartObservation[] = [];
  const message = get('acquirerResponseMessage');
  const split = isSplitMessage(message) ? parseSplit(message, currency) : null;
  if (split?.ok) {
    const s = split.value;
    parts.push(part('voucher', brandAndKind('sips', s.voucherMean, 'voucher').brand, s.voucherAmount, null, null, []));
    if (s.supplement) {
      const { pan, anomaly } = keepMaskedPan(s.supplement.maskedPan, 'the SPLIT masked PAN field');
      if (anomaly) anomalies.push(anomaly);
      parts.push(part('card', brandAndKind('sips', s.supplement.mean, 'card').brand, s.supplement.amount, get('authorisationId'), pan ?? maskedPan, anomalies));
    }
    const mismatch = checkSplitTotal(s, amount.value, currency);
    if (mismatch) orderAnomalies.push({ code: mismatch.code, message: mismatch.message });
  } else {
    if (split && !split.ok) {
      orderAnomalies.push({ code: 'SPLIT_UNPARSEABLE', message: `${split.error.field ? `${split.error.field}: ` : ''}${split.error.message} (raw: ${split.error.raw})` });
    }
    const meanBrand = get('paymentMeanBrand') ?? 'UNKNOWN';
    const { brand, kind } = brandAndKind('sips', meanBrand, get('paymentMeanType') === 'PROVIDER' ? 'voucher' : 'card');
    parts.push(part(kind, brand, amount.value, kind === 'card' ? get('authorisationId') : null, kind === 'card' ? maskedPan : null, anomalies));
  }

  const observation: OrderObservation = {
    accountId: account.id,
    psp: 'sips',
    groupKey: transactionReference,
    reference: get('orderId') ?? transactionReference,
    callNumber: null,
    currency,
    expectedAmount: amount.value,
    customerEmail: get('customerEmail') ?? get('customerContact.email'),
    parts,
    anomalies: orderAnomalies,
  };
  return { ok: true, verification, observation };
}

/** Sips answers a payment with responseCode; capture mode decides what an accepted one waits for. */
function statusOf(responseCode: string, captureMode: string | null): PartStatus {
  if (responseCode === '60') return 'PENDING';
  if (responseCode !== '00') return 'REFUSED';
  if (captureMode === 'VALIDATION') return 'TO_VALIDATE';
  if (captureMode === 'IMMEDIATE') return 'CAPTURED';
  return 'TO_CAPTURE';
}

const RESPONSE_TEXT: Record<string, string> = {
  '02': 'authorisation limit exceeded',
  '03': 'invalid merchant or contract',
  '05': 'refused',
  '12': 'invalid transaction',
  '14': 'invalid card number or security code',
  '17': 'cancelled by the customer',
  '24': 'operation impossible',
  '25': 'transaction not found',
  '30': 'format error',
  '34': 'fraud suspicion',
  '40': 'operation not allowed',
  '63': 'security rules not met',
  '75': 'too many attempts',
  '90': 'service temporarily unavailable',
  '94': 'duplicate transaction',
  '97': 'timeout',
  '99': 'temporary technical problem',
};

function refusalText(responseCode: string, acquirerCode: string | null): string {
  const technical = acquirerCode && /^9[0-8]$/.test(acquirerCode) ? `; acquirer technical error ${acquirerCode}` : '';
  return `${RESPONSE_TEXT[responseCode] ?? `response code ${responseCode}`}${technical}`;
}

export const sipsNotifications: NotificationAdapter<SipsAccount> = { psp: 'sips', remote: false, interpret };

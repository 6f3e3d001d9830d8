import type { PaylineAccount } from '../../config/accounts';
import { endpoint, postToPsp } from '../cash';
import { escapeXml, PAYLINE_IMPL_NS, PAYLINE_OBJ_NS, PAYLINE_API_VERSION, readSoapResponse, toXml, type XmlObject } from './soap';

/**
 * A failed call says whether Payline may have acted on it: `failed` when it cannot have (nothing was
 * sent, the credentials were refused), `unknown` when it may have (no answer in time, the connection
 * dropped, an answer we cannot read or a SOAP fault).
 */
export type ServiceCall =
  | { ok: true; body: Record<string, unknown> }
  | {
      ok: false;
      state: 'failed' | 'unknown';
      code: 'PSP_UNREACHABLE' | 'PSP_TIMEOUT' | 'PSP_CONNECTION_LOST' | 'PSP_BAD_CREDENTIALS' | 'PSP_BAD_ANSWER';
      message: string;
    };

/**
 * The request envelope: the operation's own fields in the `impl` namespace, the fields of nested
 * objects (`payment{amount, currency...}`) in the `obj` namespace, as Payline's WSDL types them (its
 * object types live in obj.ws.payline.experian.com). A flat body gives the same envelope as before.
 */
export function paylineRequestEnvelope(operation: string, body: XmlObject): string {
  const fields = Object.entries(body)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `<impl:${k}>${typeof v === 'object' ? toXml(v as XmlObject, 'obj:') : escapeXml(String(v))}</impl:${k}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="${PAYLINE_IMPL_NS}" xmlns:obj="${PAYLINE_OBJ_NS}">` +
    `<soapenv:Body><impl:${operation}>${fields}</impl:${operation}></soapenv:Body></soapenv:Envelope>`
  );
}

/** Calls one operation of a Payline service (`WebPaymentAPI`, `DirectPaymentAPI`) with the account's credentials. */
export async function callPayline(account: PaylineAccount, service: string, operation: string, body: XmlObject): Promise<ServiceCall> {
  const url = endpoint(account.apiBaseUrl, service);
  const sent = await postToPsp(
    url,
    {
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        soapaction: operation,
        authorization: `Basic ${Buffer.from(`${account.merchantId}:${account.accessKey}`).toString('base64')}`,
      },
      body: paylineRequestEnvelope(`${operation}Request`, { version: PAYLINE_API_VERSION, ...body }),
    },
    account.timeoutMs,
  );
  if (!sent.ok) return { ok: false, state: sent.state, code: sent.code, message: `Payline ${operation}: ${sent.message}` };
  // Payline checks HTTP Basic before reading the request: a refusal means nothing was done.
  if (sent.status === 401 || sent.status === 403) {
    return { ok: false, state: 'failed', code: 'PSP_BAD_CREDENTIALS', message: `Payline refused the account's credentials (HTTP ${sent.status}): check merchantId and accessKey` };
  }
  const read = readSoapResponse(sent.text, operation);
  if (!read.ok) return { ok: false, state: 'unknown', code: 'PSP_BAD_ANSWER', message: `Payline ${operation}: ${read.message} (HTTP ${sent.status})` };
  return read;
}

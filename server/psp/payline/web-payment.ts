import type { PaylineAccount } from '../../config/accounts';
import { PAYLINE_API_VERSION, readSoapResponse, soapEnvelope } from './soap';

export type ServiceCall = { ok: true; body: Record<string, unknown> } | { ok: false; code: 'PSP_UNREACHABLE' | 'PSP_BAD_ANSWER'; message: string };

/** Calls one operation of a Payline service (`WebPaymentAPI`, `DirectPaymentAPI`) with the account's credentials. */
export async function callPayline(account: PaylineAccount, service: string, operation: string, body: Record<string, string | number | null | undefined>): Promise<ServiceCall> {
  const url = `${account.apiBaseUrl.replace(/\/+$/, '')}/${service}`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        soapaction: operation,
        authorization: `Basic ${Buffer.from(`${account.merchantId}:${account.accessKey}`).toString('base64')}`,
      },
      body: soapEnvelope(`${operation}Request`, { version: PAYLINE_API_VERSION, ...body }),
      signal: AbortSignal.timeout(account.timeoutMs),
    });
    text = await response.text();
  } catch (e) {
    const reason = (e as Error).name === 'TimeoutError' ? `no answer within ${account.timeoutMs} ms` : ((e as Error).cause as Error | undefined)?.message ?? (e as Error).message;
    return { ok: false, code: 'PSP_UNREACHABLE', message: `Payline ${operation} at ${url} failed: ${reason}` };
  }
  if (response.status === 401 || response.status === 403) {
    return { ok: false, code: 'PSP_BAD_ANSWER', message: `Payline refused the account's credentials (HTTP ${response.status})` };
  }
  const read = readSoapResponse(text, operation);
  if (!read.ok) return { ok: false, code: 'PSP_BAD_ANSWER', message: `Payline ${operation}: ${read.message} (HTTP ${response.status})` };
  return read;
}

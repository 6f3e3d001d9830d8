import { XMLParser } from 'fast-xml-parser';

/**
 * Payline's web services are SOAP 1.1 (PSP-FORMATS.md §6). We write the few envelopes we need by
 * hand and read answers with a maintained XML parser, keeping every value as text.
 */
export const PAYLINE_IMPL_NS = 'http://impl.ws.payline.experian.com';
export const PAYLINE_OBJ_NS = 'http://obj.ws.payline.experian.com';
export const PAYLINE_API_VERSION = '34';

export type XmlValue = string | number | null | undefined | XmlObject;
export interface XmlObject {
  [name: string]: XmlValue;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** `{a: '1', b: {c: '2'}}` → `<a>1</a><b><c>2</c></b>`; null and undefined are left out. */
export function toXml(value: XmlObject, prefix = ''): string {
  return Object.entries(value)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `<${prefix}${k}>${typeof v === 'object' ? toXml(v as XmlObject, prefix) : escapeXml(String(v))}</${prefix}${k}>`)
    .join('');
}

export function soapEnvelope(operation: string, body: XmlObject): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="${PAYLINE_IMPL_NS}" xmlns:obj="${PAYLINE_OBJ_NS}">` +
    `<soapenv:Body><impl:${operation}>${toXml(body, 'impl:')}</impl:${operation}></soapenv:Body></soapenv:Envelope>`
  );
}

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, trimValues: true });

export type SoapBody = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

/** The content of `Envelope/Body/<operation>Response`, or what is wrong with the answer. */
export function readSoapResponse(xml: string, operation: string): SoapBody {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (e) {
    return { ok: false, message: `the answer is not XML: ${(e as Error).message}` };
  }
  const body = (doc.Envelope as Record<string, unknown> | undefined)?.Body as Record<string, unknown> | undefined;
  if (!body) return { ok: false, message: 'the answer is not a SOAP envelope' };
  const fault = body.Fault as Record<string, unknown> | undefined;
  if (fault) return { ok: false, message: `SOAP fault: ${String(fault.faultstring ?? 'no fault string')}` };
  const response = body[`${operation}Response`];
  if (!response || typeof response !== 'object') return { ok: false, message: `the answer has no ${operation}Response` };
  return { ok: true, body: response as Record<string, unknown> };
}

/** Reads `a.b.c` as text from a parsed answer; undefined when absent or empty. */
export function textAt(node: unknown, path: string): string | undefined {
  let current: unknown = node;
  for (const key of path.split('.')) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' && current !== '' ? current : undefined;
}

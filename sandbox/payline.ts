import { XMLParser } from 'fast-xml-parser';
import { PAYLINE_IMPL_NS, toXml, type XmlObject } from '../server/psp/payline/soap';

/** What the sandbox's Payline answers to getWebPaymentDetails for a token. */
export interface PaylineDetails extends XmlObject {
  result: { code: string; shortMessage: string; longMessage: string };
}

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true });

/** The token of a getWebPaymentDetails SOAP request, or null. */
export function tokenOfRequest(xml: string): string | null {
  try {
    const doc = parser.parse(xml) as { Envelope?: { Body?: { getWebPaymentDetailsRequest?: { token?: unknown } } } };
    const token = doc.Envelope?.Body?.getWebPaymentDetailsRequest?.token;
    return typeof token === 'string' ? token : null;
  } catch {
    return null;
  }
}

export function soapAnswer(operation: string, body: XmlObject): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    `<ns2:${operation}Response xmlns:ns2="${PAYLINE_IMPL_NS}">${toXml(body)}</ns2:${operation}Response></soap:Body></soap:Envelope>`
  );
}

export const UNKNOWN_TOKEN: PaylineDetails = { result: { code: '02317', shortMessage: 'ERROR', longMessage: 'Token not found' } };

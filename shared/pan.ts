import type { Anomaly } from './api';

// Card numbers: we only ever keep a masked PAN. A PSP field that should be masked but holds a full
// number is masked before it is stored, and the order is flagged.

/**
 * True when a field that should hold a masked PAN holds 13-19 plain digits. No Luhn check: in a
 * PAN field, any unmasked number is treated as a card number and masked.
 */
export function isFullPan(text: string): boolean {
  return /^\d{13,19}$/.test(text.replace(/[\s-]/g, ''));
}

/** Keep the first 6 and last 4 digits (PCI DSS display rule), mask the rest with `#` like Sips does. */
export function maskPan(text: string): string {
  const compact = text.replace(/[\s-]/g, '');
  if (!isFullPan(compact)) return text;
  return compact.slice(0, 6) + '#'.repeat(compact.length - 10) + compact.slice(-4);
}

/** The last four digits of a masked PAN when they are visible (`4970##########14` has only two). */
export function panLast4(masked: string | null | undefined): string | null {
  if (!masked) return null;
  const m = /(\d{4})$/.exec(masked.trim());
  return m ? m[1]! : null;
}


/**
 * What to keep of a field that should hold a masked PAN: the value itself, or its masked form when
 * it came in full, with the anomaly that says so (`where` names the field in the message).
 */
export function keepMaskedPan(value: string | null, where: string): { pan: string | null; anomaly: Anomaly | null } {
  if (!value || !isFullPan(value)) return { pan: value, anomaly: null };
  return { pan: maskPan(value), anomaly: { code: 'UNMASKED_PAN_RECEIVED', message: `${where} carried a full card number; only its masked form was kept` } };
}

export const PSPS = ['sips', 'up2pay', 'axepta', 'payline'] as const;
export type Psp = (typeof PSPS)[number];

export const PSP_LABELS: Record<Psp, string> = {
  sips: 'Worldline Sips',
  up2pay: 'Up2pay e-Transactions',
  axepta: 'Axepta (Computop)',
  payline: 'Monext Payline',
};

export const PART_KINDS = ['voucher', 'card'] as const;
export type PartKind = (typeof PART_KINDS)[number];

/** Sips transaction states; the other PSPs are mapped onto them (DOMAIN.md, "Transaction states"). */
export const PART_STATUSES = ['PENDING', 'TO_VALIDATE', 'TO_CAPTURE', 'CAPTURED', 'CANCELLED', 'REFUSED', 'EXPIRED'] as const;
export type PartStatus = (typeof PART_STATUSES)[number];

export const ACCEPTED_STATUSES: readonly PartStatus[] = ['TO_VALIDATE', 'TO_CAPTURE', 'CAPTURED'];
export const FAILED_STATUSES: readonly PartStatus[] = ['CANCELLED', 'REFUSED', 'EXPIRED'];

export const ORDER_STATUSES = [
  'paid',
  'pending',
  'partially_pending',
  'refused',
  'cancelled',
  'amounts_mismatch',
  'split_inconsistent',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  paid: 'Paid',
  pending: 'Pending',
  partially_pending: 'Partially pending',
  refused: 'Refused',
  cancelled: 'Cancelled',
  amounts_mismatch: 'Amounts mismatch',
  split_inconsistent: 'Parts disagree (one accepted, one refused)',
};

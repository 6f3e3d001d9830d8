import type { Anomaly } from '../../shared/api';
import type { PartKind, PartStatus, Psp } from '../../shared/psp';

/**
 * What one source (a notification, a report line) says about an order and its parts, already
 * verified and parsed. Storage turns observations into events; the domain derives state from events.
 */
export interface PartObservation {
  /** Stable within the order: the PSP's per-part id, or the part's role when there is none. */
  partKey: string;
  kind: PartKind;
  brand: string;
  amount: number;
  currency: string;
  status: PartStatus;
  responseCode: string | null;
  message: string | null;
  pspTransactionId: string | null;
  authorisationId: string | null;
  maskedPan: string | null;
  /** The PSP's own time of the event (UTC ISO), when it gives one. */
  occurredAt: string | null;
  /**
   * Days after the payment day before the PSP captures an accepted part by itself (Sips captureDay,
   * Up2pay PBX_DIFF; 0 = that night's remittance); null when nothing is captured automatically.
   */
  captureDelayDays: number | null;
  anomalies: Anomaly[];
}

export interface OrderObservation {
  accountId: string;
  psp: Psp;
  /** The grouping key of the PSP (DOMAIN.md table): parts with the same key form one order. */
  groupKey: string;
  reference: string | null;
  callNumber: string | null;
  currency: string;
  /** The order total when the PSP states it (Sips `amount`, Payline `order.amount`). */
  expectedAmount: number | null;
  customerEmail: string | null;
  parts: PartObservation[];
  /** Problems about the order as a whole (SPLIT that does not parse or add up). */
  anomalies: Anomaly[];
}

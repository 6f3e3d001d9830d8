import type { PartKind } from '../../../shared/psp';
import { PART_KIND_LABELS } from '../labels';

/** VOUCHER / CARD, in the part's colour. */
export function KindTag({ kind }: { kind: PartKind }) {
  return <span className={`kind-tag kind-${kind}`}>{PART_KIND_LABELS[kind]}</span>;
}

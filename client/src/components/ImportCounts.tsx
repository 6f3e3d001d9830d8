import type { ImportCounts as Counts, ImportSummary } from '../../../shared/api-imports';
import { formatCount, formatDuration } from '../format';

/** The counts of an import, in the order a person checks them, each with what it means. */
const COUNTS: readonly { key: keyof Counts; label: string; hint: string; tone?: 'warn' | 'bad' }[] = [
  { key: 'rows', label: 'Rows', hint: 'Data rows read from the file' },
  { key: 'new', label: 'New', hint: 'Rows that created a part or an operation not known before' },
  { key: 'confirmed', label: 'Confirmed', hint: 'Rows that matched a part already known' },
  { key: 'unchanged', label: 'Unchanged', hint: 'Rows already applied by an earlier file' },
  { key: 'unmatched', label: 'Unmatched', hint: 'Rows kept but matching no known part', tone: 'warn' },
  { key: 'discrepancies', label: 'Discrepancies', hint: 'Rows whose amount or status disagrees with what was known', tone: 'bad' },
];

/** Rows, new, confirmed, unchanged, unmatched, discrepancies and the duration, as tiles. */
export function ImportCounts({ item }: { item: ImportSummary }) {
  return (
    <dl className="stat-grid" data-testid="import-counts">
      {COUNTS.map(({ key, label, hint, tone }) => {
        const value = item.counts[key];
        return (
          <div key={key} className={`stat${tone && value > 0 ? ` stat-${tone}` : ''}`} title={hint}>
            <dt>{label}</dt>
            <dd data-testid={`count-${key}`}>{formatCount(value)}</dd>
          </div>
        );
      })}
      <div className="stat" title="From the start of reading to the end of applying">
        <dt>Duration</dt>
        <dd data-testid="count-duration">{formatDuration(item.durationMs)}</dd>
      </div>
    </dl>
  );
}

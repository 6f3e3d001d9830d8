import { useQuery } from '@tanstack/react-query';
import { DISCREPANCY_LABELS, DISCREPANCY_TYPES, type DiscrepanciesQuery, type DiscrepancyType } from '../../../shared/discrepancies';
import { api, queryKeys } from '../api';
import { formatCount } from '../format';
import { Link } from './Link';

interface DiscrepancySummaryProps {
  /** The queue's filters; the counts keep all of them but the type. */
  query: DiscrepanciesQuery;
  /** Resolved or closed ones are counted: history, not work to do, so not in the alert tone. */
  history: boolean;
  /** Where a count leads: the queue with that type chosen (or none). */
  hrefFor: (type: DiscrepancyType | undefined) => string;
}

/** How many discrepancies of each type the other filters let through; each count filters the queue by its type. */
export function DiscrepancySummary({ query, history, hrefFor }: DiscrepancySummaryProps) {
  const { type: _type, limit: _limit, offset: _offset, ...filters } = query;
  const counts = useQuery({ queryKey: queryKeys.discrepancyCounts(filters), queryFn: () => api.discrepancyCounts(filters) });
  const totals = DISCREPANCY_TYPES.map((type) => counts.data?.byType[type]);
  const all = counts.data?.total;
  return (
    <nav className={`type-summary${history ? ' is-history' : ''}`} aria-label="Discrepancies by type" data-testid="type-summary">
      <Link href={hrefFor(undefined)} className={`type-count${query.type === undefined ? ' is-current' : ''}`} aria-current={query.type === undefined ? 'true' : undefined}>
        <span className="type-count-label">All types</span>
        <span className="type-count-value">{all === undefined ? '…' : formatCount(all)}</span>
      </Link>
      {DISCREPANCY_TYPES.map((type, i) => {
        const total = totals[i];
        const current = query.type === type;
        return (
          <Link
            key={type}
            href={hrefFor(type)}
            className={['type-count', current ? 'is-current' : '', total === 0 ? 'is-zero' : ''].join(' ').trim()}
            aria-current={current ? 'true' : undefined}
            data-testid={`type-count-${type}`}
          >
            <span className="type-count-label">{DISCREPANCY_LABELS[type]}</span>
            <span className="type-count-value">{total === undefined ? '…' : formatCount(total)}</span>
          </Link>
        );
      })}
    </nav>
  );
}

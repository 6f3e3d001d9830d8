import { OPERATION_STATE_LABELS, OPERATION_STATES, type OperationList, type OperationState } from '../../../shared/api-operations';
import { formatCount } from '../format';
import { Link } from './Link';

/** States that ask someone to act: a supervisor's approval, a question to the PSP. */
const TO_ACT_ON: readonly OperationState[] = ['awaiting_approval', 'unknown'];

interface OperationStateTabsProps {
  /** Per state, over the other filters (undefined while loading). */
  counts: OperationList['counts'] | undefined;
  current: OperationState | undefined;
  hrefFor: (state: OperationState | undefined) => string;
}

/** One tab per state with how many operations the other filters let through; "All states" first. */
export function OperationStateTabs({ counts, current, hrefFor }: OperationStateTabsProps) {
  const all = counts && OPERATION_STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
  const tab = (state: OperationState | undefined, label: string, count: number | undefined) => {
    const selected = current === state;
    const classes = ['type-count', selected ? 'is-current' : '', count === 0 ? 'is-zero' : '', state && TO_ACT_ON.includes(state) ? '' : 'is-calm'];
    return (
      <Link
        key={state ?? 'all'}
        href={hrefFor(state)}
        className={classes.filter(Boolean).join(' ')}
        aria-current={selected ? 'true' : undefined}
        data-testid={`state-tab-${state ?? 'all'}`}
      >
        <span className="type-count-label">{label}</span>
        <span className="type-count-value">{count === undefined ? '…' : formatCount(count)}</span>
      </Link>
    );
  };
  return (
    <nav className="type-summary" aria-label="Operations by state" data-testid="state-tabs">
      {tab(undefined, 'All states', all)}
      {OPERATION_STATES.map((state) => tab(state, OPERATION_STATE_LABELS[state], counts ? (counts[state] ?? 0) : undefined))}
    </nav>
  );
}

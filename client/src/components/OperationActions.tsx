import type { Operation } from '../../../shared/api-operations';
import { can } from '../permissions';
import { useMe } from '../session';
import { AskPspButton } from './AskPspButton';
import type { Decision } from './DecisionDialog';

/**
 * What the signed-in person can do with an operation now: approve or reject one waiting for a
 * supervisor (never one they asked for themselves), or ask the PSP about one whose outcome is unknown.
 */
export function OperationActions({ operation: op, onDecide }: { operation: Operation; onDecide: (decision: Decision) => void }) {
  const me = useMe();
  if (op.state === 'awaiting_approval') {
    const mine = op.requestedBy.id === me.id;
    if (mine || !can(me.role, 'operations.approve')) {
      return (
        <span className="waiting-note" data-testid="waiting-note">
          Waiting for a supervisor{mine ? ' (you asked for it)' : ''}
        </span>
      );
    }
    return (
      <span className="row-actions row-actions-stacked">
        <button type="button" className="button button-small button-primary" aria-label={`Approve operation ${op.id}`} onClick={() => onDecide({ operation: op, kind: 'approve' })}>
          Approve
        </button>
        <button type="button" className="button button-small button-danger-outline" aria-label={`Reject operation ${op.id}`} onClick={() => onDecide({ operation: op, kind: 'reject' })}>
          Reject
        </button>
      </span>
    );
  }
  if (op.state === 'unknown' && can(me.role, 'operations.resolve')) return <AskPspButton operation={op} />;
  return null;
}

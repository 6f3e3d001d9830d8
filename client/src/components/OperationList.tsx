import type { Allowance } from '../../../shared/api';
import { formatMoney } from '../format';
import { OPERATION_LABELS } from '../labels';

/**
 * What the rule table allows on a part now, each with its reason and the seed it comes from.
 * Display only: the buttons are disabled until operations can be issued.
 */
export function OperationList({ operations, currency }: { operations: readonly Allowance[]; currency: string }) {
  return (
    <ul className="operations">
      {operations.map((op) => (
        <li key={op.type} className={`operation ${op.allowed ? 'is-allowed' : 'is-denied'}`} data-testid={`operation-${op.type}`}>
          <button type="button" className="button button-small" disabled title={op.allowed ? 'Operations cannot be issued from this page yet' : op.reason}>
            {OPERATION_LABELS[op.type]}
          </button>
          <div className="operation-text">
            <p>
              <span className={`operation-verdict ${op.allowed ? 'tone-good' : 'tone-muted'}`}>{op.allowed ? 'Allowed' : 'Not allowed'}</span>
              {op.allowed && op.maxAmount !== null && <strong className="operation-max"> up to {formatMoney(op.maxAmount, currency)}</strong>}
              {op.scope === 'transaction' && <span className="operation-scope"> · whole transaction</span>}
            </p>
            <p className="operation-reason">{op.reason}</p>
            {op.overInitialAllowed && <p className="operation-reason">May go beyond the initial amount, with a supervisor's confirmation.</p>}
            {(op.ruleId || op.source) && (
              <p className="operation-source">
                {op.ruleId && <>Rule {op.ruleId}</>}
                {op.ruleId && op.source && ' · '}
                {op.source && <>Seed {op.source}</>}
              </p>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

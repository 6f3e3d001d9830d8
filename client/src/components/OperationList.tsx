import { useId } from 'react';
import type { Allowance } from '../../../shared/api';
import { formatMoney } from '../format';
import { OPERATION_LABELS } from '../labels';
import { requiredRole } from '../permissions';
import { RuleSource } from './AllowanceFacts';

interface OperationListProps {
  operations: readonly Allowance[];
  currency: string;
  /** Opens the dialog that asks for the operation; null when the person may not ask (a viewer). */
  onRequest: ((allowance: Allowance) => void) | null;
}

/**
 * What the rule table allows on a part now, each with its reason and the seed it comes from. A button
 * that cannot be used says why in visible text, which also describes the button to screen readers.
 */
export function OperationList({ operations, currency, onRequest }: OperationListProps) {
  const id = useId();
  return (
    <ul className="operations">
      {operations.map((op) => {
        const whyId = `${id}-${op.type}-why`;
        const usable = op.allowed && onRequest !== null;
        return (
          <li key={op.type} className={`operation ${op.allowed ? 'is-allowed' : 'is-denied'}`} data-testid={`operation-${op.type}`}>
            <button
              type="button"
              className={`button button-small${usable ? ' button-primary' : ''}`}
              disabled={!usable}
              aria-describedby={usable ? undefined : whyId}
              onClick={usable ? () => onRequest(op) : undefined}
            >
              {OPERATION_LABELS[op.type]}
            </button>
            <div className="operation-text">
              <p>
                <span className={`operation-verdict ${op.allowed ? 'tone-good' : 'tone-muted'}`}>{op.allowed ? 'Allowed' : 'Not allowed'}</span>
                {op.allowed && op.maxAmount !== null && <strong className="operation-max"> up to {formatMoney(op.maxAmount, currency)}</strong>}
                {op.held > 0 && <span className="operation-held" data-testid="operation-held"> · {formatMoney(op.held, currency)} held by operations in progress</span>}
                {op.scope === 'transaction' && <span className="operation-scope"> · whole transaction</span>}
              </p>
              <p className="operation-reason" id={op.allowed ? undefined : whyId}>
                {op.reason}
              </p>
              {op.overInitialAllowed && <p className="operation-reason">May go beyond the initial amount, with a supervisor's approval.</p>}
              {op.allowed && onRequest === null && (
                <p className="operation-denied-role" id={whyId}>
                  Asking for it needs the {requiredRole('operations.request')} role.
                </p>
              )}
              <RuleSource ruleId={op.ruleId} source={op.source} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}

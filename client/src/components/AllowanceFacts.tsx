import type { Allowance } from '../../../shared/api';
import { PSP_LABELS, type Psp } from '../../../shared/psp';
import type { OperationType } from '../../../shared/rules';
import { formatMoney } from '../format';

/** `Rule sips-card · Seed 000 (Cash management: Refund)`: where a person checks the rule. */
export function RuleSource({ ruleId, source }: { ruleId: string | null; source: string | null }) {
  if (!ruleId && !source) return null;
  return (
    <p className="operation-source">
      {ruleId && <>Rule {ruleId}</>}
      {ruleId && source && ' · '}
      {source && <>Seed {source}</>}
    </p>
  );
}

/** The most that can be asked, the rule in words and its source. */
export function AllowanceFacts({ allowance, currency }: { allowance: Allowance; currency: string }) {
  return (
    <div className="allowance-facts" data-testid="allowance-facts">
      <p>
        Up to <strong data-testid="allowance-max">{formatMoney(allowance.maxAmount ?? 0, currency)}</strong>
        {allowance.overInitialAllowed && ' within the initial amount; more with a supervisor’s approval'}
        {allowance.held > 0 && `, once the ${formatMoney(allowance.held, currency)} already asked and not settled is taken off`}
      </p>
      <p className="operation-reason">{allowance.reason}</p>
      <RuleSource ruleId={allowance.ruleId} source={allowance.source} />
    </div>
  );
}

const WHOLE_TRANSACTION: Record<OperationType, string> = {
  cancel: 'cancels the whole transaction, voucher and card',
  validate: 'validates the whole transaction, voucher and card',
  capture: 'captures the whole transaction, voucher and card',
  refund: 'refunds the whole transaction, voucher and card',
};

/** Said before asking: some PSPs apply the operation to every part of the transaction, not this one alone. */
export function ScopeWarning({ allowance, psp }: { allowance: Allowance; psp: Psp }) {
  if (allowance.scope !== 'transaction') return null;
  return (
    <p className="callout callout-warn" data-testid="scope-warning">
      <strong>Whole transaction:</strong> at {PSP_LABELS[psp]} this {WHOLE_TRANSACTION[allowance.type]}, not this part alone.
    </p>
  );
}

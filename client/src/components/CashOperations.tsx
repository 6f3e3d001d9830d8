import { useState } from 'react';
import { OPERATION_STATE_LABELS, type Operation } from '../../../shared/api-operations';
import { brandLabel } from '../../../shared/brands';
import { formatCount, formatDate, formatMoney, formatTime } from '../format';
import { OPERATION_LABELS, OPERATION_STATE_TONES } from '../labels';
import { refundsHref } from '../pages/refundsUrl';
import { can } from '../permissions';
import { useMe } from '../session';
import { Badge } from './Badge';
import { DecisionDialog, type Decision } from './DecisionDialog';
import { KindTag } from './KindTag';
import { PersonName } from './PersonName';
import { Link } from './Link';
import { OperationActions } from './OperationActions';
import { PspExchanges } from './PspExchanges';
import { Empty } from './QueryState';
import { outcomeWords } from './OperationOutcome';

/** The refunds, cancels, captures and validations asked from this product on the order, newest first. */
export function CashOperations({ orderId, operations }: { orderId: number; operations: readonly Operation[] }) {
  const me = useMe();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const waiting = operations.filter((op) => op.state === 'awaiting_approval' || op.state === 'unknown').length;
  return (
    <section className="panel" aria-labelledby="cash-operations-title" data-testid="cash-operations">
      <header className="panel-header">
        <h2 id="cash-operations-title" className="panel-title">
          Cash operations <span className={`count${waiting ? ' count-alert' : ''}`}>{formatCount(operations.length)}</span>
        </h2>
        <p className="panel-links">
          <Link href={refundsHref({ orderId })}>Open in Refunds</Link>
        </p>
      </header>
      {operations.length === 0 ? (
        <Empty>No refund, cancel, capture or validation asked from Split Recon on this order yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="mini-table cash-operations">
            <caption className="visually-hidden">Cash operations of this order</caption>
            <thead>
              <tr>
                <th scope="col">Asked</th>
                <th scope="col">Part</th>
                <th scope="col">Operation</th>
                <th scope="col" className="align-end">
                  Amount
                </th>
                <th scope="col">State</th>
                <th scope="col">Asked by, reason</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {operations.map((op) => (
                <tr key={op.id} data-testid="cash-operation" data-state={op.state}>
                  <td className="nowrap">
                    {formatDate(op.createdAt)}
                    <span className="secondary">{formatTime(op.createdAt)}</span>
                  </td>
                  <td className="nowrap">
                    <KindTag kind={op.partKind} /> {brandLabel(op.brand)}
                  </td>
                  <td>{OPERATION_LABELS[op.type]}</td>
                  <td className="align-end nowrap">{formatMoney(op.amount, op.currency)}</td>
                  <td className="col-outcome">
                    <Badge tone={OPERATION_STATE_TONES[op.state]}>
                      <span data-testid="cash-operation-state">{OPERATION_STATE_LABELS[op.state]}</span>
                    </Badge>
                    <span className="secondary">{outcomeWords(op, me.id)}</span>
                    {can(me.role, 'operations.request') && op.sentAt !== null && <PspExchanges operationId={op.id} />}
                  </td>
                  <td className="col-reason">
                    <PersonName person={op.requestedBy} />
                    <q className="secondary">{op.reason}</q>
                  </td>
                  <td className="col-actions">
                    <OperationActions operation={op} onDecide={setDeciding} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deciding && <DecisionDialog decision={deciding} onClose={() => setDeciding(null)} />}
    </section>
  );
}

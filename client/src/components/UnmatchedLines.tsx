import type { ReportLine } from '../../../shared/api-imports';
import { formatCount, formatMoney, orDash } from '../format';
import { REPORT_OPERATION_LABELS } from '../labels';
import { REPORT_OPERATIONS, type ReportOperation } from '../../../shared/import-profile';

const isOperation = (value: string): value is ReportOperation => (REPORT_OPERATIONS as readonly string[]).includes(value);

/** What the row says happened: the operation (operations reports) or the status (transactions reports). */
function whatHappened(line: ReportLine): string {
  if (line.operation) return isOperation(line.operation) ? REPORT_OPERATION_LABELS[line.operation] : line.operation;
  return orDash(line.status);
}

/** The rows of a file that matched no known part, kept for a later file or a person to resolve. */
export function UnmatchedLines({ lines }: { lines: readonly ReportLine[] }) {
  if (lines.length === 0) return <p className="muted panel-note">Every row matched a known part.</p>;
  return (
    <div className="table-wrap">
      <table className="mini-table" data-testid="unmatched-lines">
        <caption className="visually-hidden">Rows that matched nothing</caption>
        <thead>
          <tr>
            <th scope="col" className="align-end">
              Line
            </th>
            <th scope="col">Transaction id</th>
            <th scope="col">Reference</th>
            <th scope="col">Operation / status</th>
            <th scope="col" className="align-end">
              Amount
            </th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id}>
              <td className="align-end nowrap">{formatCount(line.line)}</td>
              <td>
                <code className="break">{orDash(line.transactionId)}</code>
              </td>
              <td className="nowrap">{orDash(line.reference)}</td>
              <td className="nowrap">
                {whatHappened(line)}{' '}
                {line.outside && <span className="badge tone-warn badge-inline">outside the product</span>}
              </td>
              <td className="align-end nowrap">{line.amount === null ? '—' : formatMoney(line.amount, line.currency ?? 'EUR')}</td>
              <td>{orDash(line.note)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

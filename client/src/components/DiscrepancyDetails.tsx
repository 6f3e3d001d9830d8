import type { Discrepancy } from '../../../shared/discrepancies';
import { formatDateTime } from '../format';
import { Breakable } from './Breakable';
import { Link } from './Link';

/** Links to what shows the discrepancy: the stored notifications and the report lines, with their import. */
export function EvidenceLinks({ evidence }: { evidence: Discrepancy['evidence'] }) {
  // A Sips split row is one line of the file but a report line per part: the file line is shown once.
  const lines = evidence.reportLines.filter((line, i, all) => all.findIndex((other) => other.importId === line.importId && other.line === line.line) === i);
  if (evidence.inboxIds.length === 0 && lines.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="evidence-list">
      {evidence.inboxIds.map((id) => (
        <li key={`n${id}`}>
          <Link href={`/inbox/${id}`} data-testid="evidence-notification">
            Notification #{id}
          </Link>
        </li>
      ))}
      {lines.map((line) => (
        <li key={`r${line.id}`}>
          <Link href={`/imports/${line.importId}`} title={`Report line ${line.line} of import #${line.importId}`} data-testid="evidence-report-line">
            Import #{line.importId} line {line.line}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Who handled it and how, under its status: the note of an agent, or why it closed by itself. */
export function Handling({ discrepancy: d }: { discrepancy: Discrepancy }) {
  if (d.status === 'open') return null;
  return (
    <span className="secondary handling" data-testid="discrepancy-handling">
      {d.handledBy && (
        <span className="handling-by">
          by <Breakable text={d.handledBy} at="email" />
        </span>
      )}
      {d.closedAt && <span className="handling-when">{formatDateTime(d.closedAt)}</span>}
      {d.note && <q className="handling-note">{d.note}</q>}
    </span>
  );
}

import type { ImportSummary } from '../../../shared/api-imports';
import { formatBytes, formatCount, percentOf } from '../format';

/**
 * A labelled progress bar: a native <progress>, so no inline style is needed under the CSP. Without a
 * percentage (null) it is indeterminate: work under way whose share done cannot be known.
 */
export function ProgressBar({ label, percent, detail, testId }: { label: string; percent: number | null; detail?: string; testId: string }) {
  return (
    <div className="progress" data-testid={testId}>
      <p className="progress-text">
        <span>{label}</span>
        {percent !== null && <strong className="progress-percent">{formatCount(percent)}&nbsp;%</strong>}
      </p>
      {percent === null ? <progress aria-label={label} /> : <progress max={100} value={percent} aria-label={label} />}
      {detail && <p className="progress-detail">{detail}</p>}
    </div>
  );
}

/**
 * How far the server got with a stored file: the pass (checking every row, then applying them to
 * orders once the whole file is clean), bytes read of its size, and rows so far.
 */
export function ImportProcessing({ item }: { item: ImportSummary }) {
  const bytes = item.progress?.bytes ?? 0;
  const rows = item.progress?.rows ?? 0;
  const checked = `Checked: ${formatCount(item.counts.rows)} ${item.counts.rows === 1 ? 'row' : 'rows'}, no error.`;
  if (item.progress?.phase === 'applying' && bytes >= item.size) {
    // Every row is read again and staged: the merge is one transaction, with nothing to count until it commits.
    return (
      <ProgressBar
        testId="import-processing"
        label={`${checked} Writing them to orders, in one transaction`}
        percent={null}
        detail="The orders, parts and report lines appear all at once when it is done"
      />
    );
  }
  const label =
    item.status === 'received'
      ? 'Stored, waiting to be read'
      : item.status === 'accepted'
        ? `${checked} Reading them again to apply them to orders`
        : 'Reading and checking the rows';
  return (
    <ProgressBar
      testId="import-processing"
      label={label}
      percent={percentOf(bytes, item.size)}
      detail={`${formatBytes(bytes)} of ${formatBytes(item.size)} read · ${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'}`}
    />
  );
}

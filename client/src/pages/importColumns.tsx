import { createColumnHelper } from '@tanstack/react-table';
import { IMPORT_STATUS_LABELS, type ImportCounts, type ImportSummary } from '../../../shared/api-imports';
import { PSP_LABELS } from '../../../shared/psp';
import { Badge } from '../components/Badge';
import { Breakable } from '../components/Breakable';
import { Link } from '../components/Link';
import type { ServerTableFeatures } from '../components/table';
import { formatCount, formatDate, formatDuration, formatTime, percentOf } from '../format';
import { isRunning } from '../import-status';
import { IMPORT_STATUS_TONES } from '../labels';

const helper = createColumnHelper<ServerTableFeatures, ImportSummary>();

/** A count column: right-aligned French number, a zero greyed, a non-zero warning count toned. */
function countColumn(key: keyof ImportCounts, header: string, tone?: 'warn' | 'bad') {
  return helper.accessor((item) => item.counts[key], {
    id: key,
    header,
    meta: { align: 'end', className: 'col-count' },
    cell: (info) => {
      const value = info.getValue();
      const className = value === 0 ? 'muted' : tone ? `count-${tone}` : undefined;
      return <span className={className}>{formatCount(value)}</span>;
    },
  });
}

/** The import history, as data. The API lists the newest first and offers no other order. */
export const importColumns = helper.columns([
  helper.accessor('receivedAt', {
    header: 'Received',
    meta: { className: 'col-date' },
    cell: (info) => (
      <>
        {formatDate(info.getValue())}
        <span className="secondary">{formatTime(info.getValue())}</span>
      </>
    ),
  }),
  helper.accessor('fileName', {
    header: 'File',
    meta: { className: 'col-file' },
    cell: (info) => (
      <>
        <Link href={`/imports/${info.row.original.id}`} className="strong-link">
          <Breakable text={info.getValue()} />
        </Link>
        <span className="secondary">#{info.row.original.id}</span>
      </>
    ),
  }),
  // The account implies the PSP and the profile the kind of report: one column holds both.
  helper.accessor('accountId', {
    header: 'Account / profile',
    meta: { className: 'col-nowrap' },
    cell: (info) => {
      const { profile, psp } = info.row.original;
      return (
        <>
          <span title={psp ? PSP_LABELS[psp] : undefined}>{info.getValue() ?? '—'}</span>
          <span className="secondary">{profile ?? '—'}</span>
        </>
      );
    },
  }),
  helper.accessor('status', {
    header: 'Status',
    meta: { className: 'col-status col-import-status' },
    cell: (info) => {
      const item = info.row.original;
      return (
        <>
          <Badge tone={IMPORT_STATUS_TONES[info.getValue()]} title={item.message ?? undefined}>
            {IMPORT_STATUS_LABELS[info.getValue()]}
          </Badge>
          {isRunning(item.status) && item.progress && <span className="secondary">{formatCount(percentOf(item.progress.bytes, item.size))}&nbsp;% read</span>}
          {item.duplicateOf !== null && <span className="secondary">same as #{item.duplicateOf}</span>}
        </>
      );
    },
  }),
  countColumn('rows', 'Rows'),
  countColumn('new', 'New'),
  countColumn('confirmed', 'Confirmed'),
  countColumn('unchanged', 'Unchanged'),
  countColumn('unmatched', 'Unmatched', 'warn'),
  countColumn('discrepancies', 'Discrepancies', 'bad'),
  countColumn('errors', 'Errors', 'bad'),
  helper.accessor('actor', {
    header: 'By',
    meta: { className: 'col-actor' },
    cell: (info) => <Breakable text={info.getValue()} at="email" />,
  }),
  helper.accessor('durationMs', {
    header: 'Duration',
    meta: { align: 'end', className: 'col-nowrap' },
    cell: (info) => formatDuration(info.getValue()),
  }),
]);

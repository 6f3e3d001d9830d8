import { IMPORT_STATUS_LABELS, type ImportDetail } from '../../../shared/api-imports';
import { PSP_LABELS } from '../../../shared/psp';
import { listUrl } from '../back-links';
import { Badge } from '../components/Badge';
import { ImportCounts } from '../components/ImportCounts';
import { ImportOutcome } from '../components/ImportOutcome';
import { ImportProcessing } from '../components/ImportProgress';
import { Link } from '../components/Link';
import { PageHeader } from '../components/PageHeader';
import { DetailFrame, pageId } from '../components/DetailFrame';
import { UnmatchedLines } from '../components/UnmatchedLines';
import { useDocumentTitle } from '../document-title';
import { formatBytes, formatCount, formatDateTime, orDash } from '../format';
import { isRunning, useImportDetail, useRefreshWhenFinished } from '../import-status';
import { IMPORT_CHANNEL_LABELS, IMPORT_STATUS_TONES, REPORT_KIND_LABELS } from '../labels';
import { NotFoundPage } from './NotFoundPage';

export function ImportDetailPage({ id }: { id: string }) {
  const importId = pageId(id);
  const item = useImportDetail(importId ?? 0, importId !== null);
  useRefreshWhenFinished(item.data);
  useDocumentTitle(`Import #${id}`);
  if (importId === null) return <NotFoundPage />;
  return (
    <DetailFrame back={{ href: listUrl('imports'), label: 'Imports' }} query={item} noun={`import #${importId}`}>
      {(data) => <ImportView item={data} />}
    </DetailFrame>
  );
}

function ImportView({ item }: { item: ImportDetail }) {
  return (
    <>
      <PageHeader
        title={
          <>
            Import #{item.id} <span className="title-detail break">{item.fileName}</span>
          </>
        }
        subtitle={
          <>
            <Badge tone={IMPORT_STATUS_TONES[item.status]}>
              <span data-testid="import-status">{IMPORT_STATUS_LABELS[item.status]}</span>
            </Badge>
            {item.psp && item.accountId && (
              <span>
                {PSP_LABELS[item.psp]} · {item.accountId}
              </span>
            )}
          </>
        }
      />

      {isRunning(item.status) && (
        <section className="panel">
          <ImportProcessing item={item} />
        </section>
      )}
      <ImportOutcome item={item} />

      <section className="panel" aria-labelledby="summary-title">
        <h2 id="summary-title" className="panel-title">
          Summary
        </h2>
        <ImportCounts item={item} />
        <dl className="facts">
          <div>
            <dt>Received</dt>
            <dd>{formatDateTime(item.receivedAt)}</dd>
          </div>
          <div>
            <dt title="Every row read and checked, with no error: the file is accepted, its rows are applied next">Checked</dt>
            <dd>{formatDateTime(item.acceptedAt)}</dd>
          </div>
          <div>
            <dt>Finished</dt>
            <dd>{formatDateTime(item.finishedAt)}</dd>
          </div>
          <div>
            <dt>By</dt>
            <dd>{item.actor}</dd>
          </div>
          <div>
            <dt>How</dt>
            <dd>{IMPORT_CHANNEL_LABELS[item.channel]}</dd>
          </div>
          <div>
            <dt>Profile</dt>
            <dd>
              {item.profile ? <code>{item.profile}</code> : '—'}
              {item.kind && <span className="secondary">{REPORT_KIND_LABELS[item.kind]}</span>}
            </dd>
          </div>
          <div>
            <dt>Size</dt>
            <dd title={`${formatCount(item.size)} bytes`}>{formatBytes(item.size)}</dd>
          </div>
          <div>
            <dt>Errors</dt>
            <dd>{formatCount(item.counts.errors)}</dd>
          </div>
          <div className="facts-wide">
            <dt>SHA-256</dt>
            <dd>
              <code className="break" data-testid="import-sha256">
                {item.sha256}
              </code>
            </dd>
          </div>
          {item.duplicateOf !== null && (
            <div>
              <dt>Same file as</dt>
              <dd>
                <Link href={`/imports/${item.duplicateOf}`}>Import #{item.duplicateOf}</Link>
              </dd>
            </div>
          )}
          {item.message && item.status !== 'failed' && (
            <div className="facts-wide">
              <dt>Message</dt>
              <dd>{orDash(item.message)}</dd>
            </div>
          )}
        </dl>
      </section>

      {(item.status === 'applied' || item.unmatchedLines.length > 0) && (
        <section className="panel" aria-labelledby="unmatched-title">
          <h2 id="unmatched-title" className="panel-title">
            Rows that matched nothing <span className="count">{formatCount(Math.max(item.counts.unmatched, item.unmatchedLines.length))}</span>
          </h2>
          <p className="muted panel-note">
            Kept as read: a later file, or a notification, may match them.
            {item.counts.unmatched > item.unmatchedLines.length && ` ${formatCount(item.unmatchedLines.length)} of ${formatCount(item.counts.unmatched)} listed.`}
          </p>
          <UnmatchedLines lines={item.unmatchedLines} />
        </section>
      )}
    </>
  );
}

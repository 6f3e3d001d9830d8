import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { IMPORT_STATUS_LABELS } from '../../../shared/api-imports';
import { PSP_LABELS } from '../../../shared/psp';
import { api, queryKeys } from '../api';
import { percentOf } from '../format';
import { isRunning, useImportDetail, useRefreshWhenFinished } from '../import-status';
import { IMPORT_STATUS_TONES } from '../labels';
import { Badge } from './Badge';
import { ImportCounts } from './ImportCounts';
import { ImportDropZone } from './ImportDropZone';
import { ImportOutcome } from './ImportOutcome';
import { ImportProcessing, ProgressBar } from './ImportProgress';
import { Link } from './Link';
import { ErrorState } from './QueryState';

/**
 * Uploading a report file: the account and profile to read it with (both optional: the server finds
 * them from the file), the drop zone, then the upload's progress, the server's reading progress,
 * and what the import did.
 */
export function ImportUpload() {
  const queryClient = useQueryClient();
  const accounts = useQuery({ queryKey: queryKeys.accounts, queryFn: api.accounts, staleTime: Infinity });
  const profiles = useQuery({ queryKey: queryKeys.importProfiles, queryFn: api.importProfiles, staleTime: 60_000 });
  const [account, setAccount] = useState('');
  const [profile, setProfile] = useState('');
  const [sending, setSending] = useState<{ fileName: string; percent: number } | null>(null);

  const upload = useMutation({
    mutationFn: (file: File) => {
      setSending({ fileName: file.name, percent: 0 });
      return api.uploadImport(file, { account: account || undefined, profile: profile || undefined }, (sent, total) =>
        setSending({ fileName: file.name, percent: percentOf(sent, total) }),
      );
    },
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.importItem(detail.id), detail);
      // The history gains a row now; orders change only once the file is applied.
      const keys = isRunning(detail.status) ? ['imports'] : ['imports', 'orders', 'order'];
      return Promise.all(keys.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
  });
  const id = upload.data?.id;
  const current = useImportDetail(id ?? 0, id !== undefined);
  useRefreshWhenFinished(current.data);
  const item = current.data;
  const busy = upload.isPending || (item !== undefined && isRunning(item.status));

  return (
    <section className="panel import-upload" aria-labelledby="upload-title">
      <h2 id="upload-title" className="panel-title">
        Import a report file
      </h2>
      <div className="import-upload-body">
        <div className="import-options">
          <label className="field">
            <span className="field-label">Account</span>
            <select value={account} disabled={busy} onChange={(e) => setAccount(e.target.value)}>
              <option value="">Find from the file</option>
              {accounts.data?.items.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label} ({a.id})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Profile</span>
            <select value={profile} disabled={busy} onChange={(e) => setProfile(e.target.value)}>
              <option value="">Detect from the header</option>
              {profiles.data?.items.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.label}
                  {p.origin === 'custom' ? ' (custom)' : ''}
                </option>
              ))}
            </select>
          </label>
          {accounts.error && <ErrorState error={accounts.error} title="Could not load the accounts" />}
          {profiles.error && <ErrorState error={profiles.error} title="Could not load the import profiles" />}
          <p className="field-hint">The file is stored as received, then applied in one go only if every row is valid; otherwise nothing changes.</p>
        </div>
        <ImportDropZone disabled={busy} onFile={(file) => upload.mutate(file)} />
      </div>

      {(upload.isPending || upload.error || item || current.error) && (
        <div className="import-current" data-testid="import-current" aria-live="polite">
          {upload.isPending && sending && <ProgressBar testId="import-upload-progress" label={`Uploading ${sending.fileName}`} percent={sending.percent} />}
          {upload.error && <ErrorState error={upload.error} title={`Could not upload ${sending?.fileName ?? 'the file'}`} />}
          {!upload.isPending && item && (
            <>
              <p className="import-current-title">
                <Link href={`/imports/${item.id}`} className="strong-link" data-testid="import-current-link">
                  Import #{item.id}
                </Link>
                <span className="break">{item.fileName}</span>
                <Badge tone={IMPORT_STATUS_TONES[item.status]}>
                  <span data-testid="import-current-status">{IMPORT_STATUS_LABELS[item.status]}</span>
                </Badge>
                {item.psp && item.accountId && (
                  <span className="muted">
                    {PSP_LABELS[item.psp]} · {item.accountId}
                    {item.profile && ` · ${item.profile}`}
                  </span>
                )}
              </p>
              {isRunning(item.status) ? <ImportProcessing item={item} /> : item.status === 'applied' ? <ImportCounts item={item} /> : <ImportOutcome item={item} />}
            </>
          )}
          {current.error && <ErrorState error={current.error} title="Could not follow the import" />}
        </div>
      )}
    </section>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { ApiToken } from '../../../shared/api-auth';
import { api, queryKeys } from '../api';
import { CreateTokenDialog } from '../components/CreateTokenDialog';
import { DataTable } from '../components/DataTable';
import { ConfirmDialog } from '../components/Dialog';
import { Empty, ErrorState, Loading } from '../components/QueryState';
import { serverTableFeatures } from '../components/table';
import { useDocumentTitle } from '../document-title';
import { formatCount } from '../format';
import { tokenColumns } from './tokenColumns';
import { PageHeader } from '../components/PageHeader';

const NO_TOKENS: ApiToken[] = [];

type OpenDialog = { kind: 'create' } | { kind: 'revoke'; token: ApiToken };

export function TokensPage() {
  useDocumentTitle('API tokens');
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: queryKeys.tokens, queryFn: api.tokens });
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const refresh = () => Promise.all([queryKeys.tokens, ['audit']].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  const close = () => setDialog(null);
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api.revokeToken(token.id),
    onSuccess: async () => {
      await refresh();
      close();
    },
  });
  const { reset: resetRevoke } = revoke;
  const columns = useMemo(
    () =>
      tokenColumns((token) => {
        resetRevoke();
        setDialog({ kind: 'revoke', token });
      }),
    [resetRevoke],
  );
  const table = useTable({
    features: serverTableFeatures,
    columns,
    data: tokens.data?.items ?? NO_TOKENS,
    getRowId: (token) => String(token.id),
    // The API lists the newest first; a handful of rows need no other order.
    enableSorting: false,
  });

  return (
    <div className="page">
      <PageHeader
        title="API tokens"
        subtitle={
          <span>
            Machines call the API with <code>Authorization: Bearer srt_…</code>, each token with its own role and expiry.
            {tokens.data && ` ${formatCount(tokens.data.total)} in total.`}
          </span>
        }
      >
        <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
          New token
        </button>
      </PageHeader>
      {tokens.isPending ? (
        <Loading label="Loading API tokens…" />
      ) : tokens.error && !tokens.data ? (
        <ErrorState error={tokens.error} title="Could not load the API tokens" />
      ) : (
        <section className="panel">
          {tokens.error && <ErrorState error={tokens.error} title="Could not refresh the API tokens" />}
          {tokens.data?.total === 0 ? <Empty>No API tokens yet.</Empty> : <DataTable table={table} caption="API tokens" />}
        </section>
      )}

      {dialog?.kind === 'create' && <CreateTokenDialog onClose={close} onCreated={() => void refresh()} />}
      {dialog?.kind === 'revoke' && (
        <ConfirmDialog
          title={`Revoke “${dialog.token.name}”?`}
          confirmLabel="Revoke"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate(dialog.token)}
          onClose={close}
        >
          <p>
            Anything calling the API with <code>{dialog.token.prefix}…</code> is refused from now on. This cannot be undone: a new token would have to be
            created and installed.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

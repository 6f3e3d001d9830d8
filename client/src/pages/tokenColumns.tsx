import { createColumnHelper } from '@tanstack/react-table';
import type { ApiToken } from '../../../shared/api-auth';
import { ROLE_LABELS } from '../../../shared/roles';
import { Badge } from '../components/Badge';
import type { ServerTableFeatures } from '../components/table';
import { formatDateTime } from '../format';

const helper = createColumnHelper<ServerTableFeatures, ApiToken>();

/** The server says whether a token works now; a disabled creator stops their tokens too. */
function TokenStatus({ token }: { token: ApiToken }) {
  switch (token.status) {
    case 'revoked':
      return <Badge tone="bad">Revoked</Badge>;
    case 'expired':
      return <Badge tone="muted">Expired</Badge>;
    case 'creator_disabled':
      return <Badge tone="bad">Stopped: creator disabled</Badge>;
    case 'active':
      return <Badge tone="good">Active</Badge>;
  }
}

/** The API tokens table, as data; `revoke` asks for confirmation first. */
export function tokenColumns(revoke: (token: ApiToken) => void) {
  return helper.columns([
    helper.accessor('name', {
      header: 'Name',
      cell: (info) => <span className="strong-link">{info.getValue()}</span>,
    }),
    helper.accessor('prefix', {
      header: 'Prefix',
      meta: { className: 'col-nowrap' },
      cell: (info) => <code>{info.getValue()}…</code>,
    }),
    helper.accessor('role', {
      header: 'Role',
      meta: { className: 'col-nowrap' },
      cell: (info) => ROLE_LABELS[info.getValue()],
    }),
    helper.accessor('createdBy', { header: 'Created by' }),
    helper.accessor('createdAt', {
      header: 'Created',
      meta: { className: 'col-date' },
      cell: (info) => formatDateTime(info.getValue()),
    }),
    helper.accessor('expiresAt', {
      header: 'Expires',
      meta: { className: 'col-date' },
      cell: (info) => formatDateTime(info.getValue()),
    }),
    helper.accessor('lastUsedAt', {
      header: 'Last used',
      meta: { className: 'col-date' },
      cell: (info) => (info.getValue() === null ? <span className="muted">Never</span> : formatDateTime(info.getValue())),
    }),
    helper.accessor('status', {
      header: 'Status',
      cell: (info) => <TokenStatus token={info.row.original} />,
    }),
    helper.display({
      id: 'actions',
      header: () => <span className="visually-hidden">Actions</span>,
      meta: { className: 'col-actions' },
      cell: (info) => {
        const token = info.row.original;
        return token.revoked ? null : (
          <button type="button" className="button button-small button-danger-outline" aria-label={`Revoke ${token.name}`} onClick={() => revoke(token)}>
            Revoke
          </button>
        );
      },
    }),
  ]);
}

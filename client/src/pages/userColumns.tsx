import { createColumnHelper } from '@tanstack/react-table';
import type { User } from '../../../shared/api-auth';
import { DEFAULT_AGENT_REFUND_LIMIT, ROLE_LABELS } from '../../../shared/roles';
import { Badge } from '../components/Badge';
import type { ServerTableFeatures } from '../components/table';
import { formatDateTime, formatMoney } from '../format';

const helper = createColumnHelper<ServerTableFeatures, User>();

export interface UserRowActions {
  /** The signed-in administrator, who cannot disable themselves. */
  meId: number;
  edit: (user: User) => void;
  setPassword: (user: User) => void;
  disable: (user: User) => void;
  enable: (user: User) => void;
  /** A change of that user is on its way: their buttons wait. */
  busyId: number | null;
}

/** The Users table, as data; the last column holds what an administrator can do to each person. */
export function userColumns(actions: UserRowActions) {
  return helper.columns([
    helper.accessor('email', {
      header: 'E-mail',
      cell: (info) => (
        <span className="strong-link">
          {info.getValue()}
          {info.row.original.id === actions.meId && <span className="secondary-inline"> (you)</span>}
        </span>
      ),
    }),
    helper.accessor('name', { header: 'Name' }),
    helper.accessor('role', {
      header: 'Role',
      meta: { className: 'col-nowrap' },
      cell: (info) => ROLE_LABELS[info.getValue()],
    }),
    helper.accessor('refundLimit', {
      header: 'Refund limit',
      meta: { align: 'end', className: 'col-money' },
      cell: (info) => {
        const limit = info.getValue();
        if (info.row.original.role !== 'agent') return <span className="muted">—</span>;
        return limit === null ? <span className="muted">{formatMoney(DEFAULT_AGENT_REFUND_LIMIT, 'EUR')} (default)</span> : formatMoney(limit, 'EUR');
      },
    }),
    helper.accessor('disabled', {
      header: 'Status',
      cell: (info) => (info.getValue() ? <Badge tone="muted">Disabled</Badge> : <Badge tone="good">Active</Badge>),
    }),
    helper.accessor('passwordChangedAt', {
      header: 'Password changed',
      meta: { className: 'col-date' },
      cell: (info) => formatDateTime(info.getValue()),
    }),
    helper.accessor('createdAt', {
      header: 'Created',
      meta: { className: 'col-date' },
      cell: (info) => formatDateTime(info.getValue()),
    }),
    helper.display({
      id: 'actions',
      header: () => <span className="visually-hidden">Actions</span>,
      meta: { className: 'col-actions' },
      cell: (info) => {
        const user = info.row.original;
        const self = user.id === actions.meId;
        const busy = actions.busyId === user.id;
        return (
          <div className="row-actions">
            <button type="button" className="button button-small" aria-label={`Edit ${user.email}`} onClick={() => actions.edit(user)}>
              Edit
            </button>
            <button type="button" className="button button-small" aria-label={`Set a new password for ${user.email}`} onClick={() => actions.setPassword(user)}>
              Set password
            </button>
            {user.disabled ? (
              <button type="button" className="button button-small" disabled={busy} aria-label={`Enable ${user.email}`} onClick={() => actions.enable(user)}>
                Enable
              </button>
            ) : (
              <button
                type="button"
                className="button button-small button-danger-outline"
                disabled={self || busy}
                title={self ? 'You cannot disable yourself: ask another administrator' : undefined}
                aria-label={`Disable ${user.email}`}
                onClick={() => actions.disable(user)}
              >
                Disable
              </button>
            )}
          </div>
        );
      },
    }),
  ]);
}

import { createColumnHelper } from '@tanstack/react-table';
import type { AuditEntry } from '../../../shared/api-auth';
import { Link } from '../components/Link';
import type { ServerTableFeatures } from '../components/table';
import { formatDateTime, orDash } from '../format';
import { AUDIT_ACTION_LABELS, auditObjectTypeLabel } from '../labels';
import { auditHref } from './auditUrl';

const helper = createColumnHelper<ServerTableFeatures, AuditEntry>();

/** Sign-in failures and refusals stand out in a long log. */
const isFailure = (action: string) => action.endsWith('_failed') || action.endsWith('_rate_limited');

/** The Audit table, as data; rows with a before or after expand to show them. */
export const auditColumns = helper.columns([
  helper.display({
    id: 'expand',
    header: () => <span className="visually-hidden">Details</span>,
    meta: { className: 'col-expand' },
    cell: ({ row }) =>
      row.getCanExpand() ? (
        <button
          type="button"
          className="expand-button"
          aria-expanded={row.getIsExpanded()}
          aria-label={`${row.getIsExpanded() ? 'Hide' : 'Show'} before and after of entry ${row.original.id}`}
          onClick={() => row.toggleExpanded()}
        >
          ▸
        </button>
      ) : null,
  }),
  helper.accessor('at', {
    header: 'Time (Paris)',
    meta: { className: 'col-date' },
    cell: (info) => formatDateTime(info.getValue()),
  }),
  helper.accessor('actor', {
    header: 'Actor',
    cell: (info) => {
      const actor = info.getValue();
      return (
        <>
          <Link href={auditHref({ actor: actor.label })} title="Everything this actor did">
            {actor.label}
          </Link>
          <span className="secondary">{actor.type}</span>
        </>
      );
    },
  }),
  helper.accessor('action', {
    header: 'Action',
    meta: { className: 'col-nowrap' },
    cell: (info) => {
      const action = info.getValue();
      return (
        <>
          <code className={isFailure(action) ? 'audit-action is-failure' : 'audit-action'}>{action}</code>
          {AUDIT_ACTION_LABELS[action] && <span className="secondary">{AUDIT_ACTION_LABELS[action]}</span>}
        </>
      );
    },
  }),
  helper.accessor('objectId', {
    header: 'Object',
    meta: { className: 'col-nowrap' },
    cell: (info) => {
      const { objectType, objectId } = info.row.original;
      if (objectType === null) return <span className="muted">—</span>;
      const label = `${auditObjectTypeLabel(objectType)}${objectId === null ? '' : ` #${objectId}`}`;
      return objectId === null ? (
        label
      ) : (
        <Link href={auditHref({ objectType, objectId })} title="The history of this object">
          {label}
        </Link>
      );
    },
  }),
  helper.accessor('address', {
    header: 'Address',
    meta: { className: 'col-nowrap' },
    cell: (info) => {
      const address = info.getValue();
      return address === null ? <span className="muted">—</span> : <code>{address}</code>;
    },
  }),
  helper.accessor('detail', {
    header: 'Detail',
    meta: { className: 'col-detail' },
    cell: (info) => orDash(info.getValue()),
  }),
]);

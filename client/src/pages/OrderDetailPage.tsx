import { useQuery } from '@tanstack/react-query';
import type { OrderDetail } from '../../../shared/api';
import { ORDER_STATUS_LABELS, PSP_LABELS } from '../../../shared/psp';
import { api, queryKeys } from '../api';
import { listUrl } from '../back-links';
import { Badge } from '../components/Badge';
import { CashOperations } from '../components/CashOperations';
import { Link } from '../components/Link';
import { OrderDiscrepancies } from '../components/OrderDiscrepancies';
import { OrderNotifications } from '../components/OrderNotifications';
import { PartCard } from '../components/PartCard';
import { ErrorState, Loading } from '../components/QueryState';
import { RefundAssistant } from '../components/RefundAssistant';
import { SplitBar } from '../components/SplitBar';
import { useDocumentTitle } from '../document-title';
import { formatDateTime, formatMoney, formatShare, orDash } from '../format';
import { ORDER_STATUS_TONES } from '../labels';
import { can } from '../permissions';
import { useLocation, withSearch } from '../router';
import { useMe } from '../session';
import { NotFoundPage } from './NotFoundPage';

export function OrderDetailPage({ id }: { id: string }) {
  const orderId = Number(id);
  const valid = Number.isInteger(orderId) && orderId > 0;
  const order = useQuery({ queryKey: queryKeys.order(orderId), queryFn: () => api.order(orderId), enabled: valid });
  useDocumentTitle(order.data ? `Order ${order.data.reference ?? order.data.groupKey}` : 'Order');
  if (!valid) return <NotFoundPage />;
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href={listUrl('orders')}>← Orders</Link>
      </p>
      {order.isPending ? <Loading label="Loading the order…" /> : order.error ? <ErrorState error={order.error} title={`Could not load order ${orderId}`} /> : <OrderView order={order.data} />}
    </div>
  );
}

function OrderView({ order }: { order: OrderDetail }) {
  const location = useLocation();
  const canRequest = can(useMe().role, 'operations.request');
  const selected = Number(location.search.get('notification'));
  const notificationHref = (inboxId: number) => withSearch(location, { notification: String(inboxId) });
  const partLabel = (partKey: string | undefined) => order.parts.find((p) => p.partKey === partKey)?.brandLabel;
  const money = (cents: number) => formatMoney(cents, order.currency);
  const partsTotal = order.voucherAmount + order.cardAmount;
  return (
    <>
      <header className="page-header order-header">
        <div>
          <h1>
            Order <span data-testid="order-reference">{order.reference ?? order.groupKey}</span>
          </h1>
          <p className="page-subtitle">
            <Badge tone={ORDER_STATUS_TONES[order.status]}>{ORDER_STATUS_LABELS[order.status]}</Badge>
            <span>
              {PSP_LABELS[order.psp]} · {order.accountId}
            </span>
          </p>
        </div>
        <div className="order-total">
          <span className="order-total-label">Total</span>
          <span className="order-total-amount" data-testid="order-total">
            {money(order.amount)}
          </span>
          {order.expectedAmount !== null && order.expectedAmount !== order.amount && (
            <span className="order-expected tone-bad">Expected {money(order.expectedAmount)}</span>
          )}
        </div>
      </header>

      {order.anomalies.length > 0 && (
        <section className="callout callout-bad" aria-labelledby="anomalies-title">
          <h2 id="anomalies-title">
            {order.anomalies.length === 1 ? 'One anomaly' : `${order.anomalies.length} anomalies`} on this order
          </h2>
          <ul>
            {order.anomalies.map((a, i) => (
              <li key={`${a.code}-${i}`}>
                {a.message}
                {partLabel(a.partKey) && <span className="muted"> ({partLabel(a.partKey)} part)</span>} <code className="muted">{a.code}</code>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="panel order-summary">
        <dl className="facts">
          <div>
            <dt>Call number</dt>
            <dd>{orDash(order.callNumber)}</dd>
          </div>
          <div>
            <dt>Reference</dt>
            <dd>{orDash(order.reference)}</dd>
          </div>
          <div>
            <dt>Customer e-mail</dt>
            <dd>{order.customerEmail ? <a href={`mailto:${order.customerEmail}`}>{order.customerEmail}</a> : '—'}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDateTime(order.createdAt)}</dd>
          </div>
          <div>
            <dt>Last update</dt>
            <dd>{formatDateTime(order.updatedAt)}</dd>
          </div>
          <div>
            <dt>Grouping key</dt>
            <dd>
              <code className="break">{order.groupKey}</code>
            </dd>
          </div>
        </dl>
        <div className="split-summary" data-testid="split-summary">
          <SplitBar voucher={order.voucherAmount} card={order.cardAmount} currency={order.currency} size="large" />
          <p className="split-legend">
            <span>
              <span className="legend-swatch legend-voucher" /> Voucher <strong>{money(order.voucherAmount)}</strong> ({formatShare(order.voucherAmount, partsTotal)})
            </span>
            <span>
              <span className="legend-swatch legend-card" /> Card <strong>{money(order.cardAmount)}</strong> ({formatShare(order.cardAmount, partsTotal)})
            </span>
            <span className="muted">
              {order.partCount} part{order.partCount === 1 ? '' : 's'}
            </span>
          </p>
        </div>
      </section>

      <OrderDiscrepancies orderId={order.id} />

      <h2 className="section-title">Parts</h2>
      {order.parts.length === 0 ? (
        <p className="muted">No part recorded.</p>
      ) : (
        <div className="part-grid">
          {order.parts.map((part) => (
            <PartCard key={part.id} part={part} orderId={order.id} psp={order.psp} notificationHref={notificationHref} />
          ))}
        </div>
      )}

      {canRequest && order.parts.length > 0 && <RefundAssistant order={order} />}
      <CashOperations orderId={order.id} operations={order.cashOperations} />

      <OrderNotifications notifications={order.notifications} selectedId={Number.isInteger(selected) && selected > 0 ? selected : null} hrefFor={notificationHref} />
    </>
  );
}

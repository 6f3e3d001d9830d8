import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { functionalUpdate, useTable, type SortingState } from '@tanstack/react-table';
import { useEffect, useMemo } from 'react';
import type { OrderSummary } from '../../../shared/api';
import { api, queryKeys } from '../api';
import { rememberListUrl } from '../back-links';
import { ListPanel } from '../components/ListPanel';
import { OrderFilters } from '../components/OrderFilters';
import { ErrorState } from '../components/QueryState';
import { serverTableFeatures } from '../components/table';
import { useDocumentTitle } from '../document-title';
import { formatCount } from '../format';
import { navigate, useLocation, withSearch } from '../router';
import { paginationOf, paginationParams } from '../url-query';
import { orderColumns } from './orderColumns';
import { isOrderSortField, ORDER_FILTER_KEYS, ordersQueryFromUrl, type OrderFilterKey } from './ordersUrl';
import { PageHeader } from '../components/PageHeader';

const NO_ORDERS: OrderSummary[] = [];
const NO_ACCOUNTS = [] as const;

export function OrdersPage() {
  useDocumentTitle('Orders');
  const location = useLocation();
  // Filters, sort and page live in the URL; everything below derives from it.
  const query = useMemo(() => ordersQueryFromUrl(location.search), [location.search]);
  useEffect(() => rememberListUrl('orders', location.href), [location.href]);
  const orders = useQuery({ queryKey: queryKeys.orders(query), queryFn: () => api.orders(query), placeholderData: keepPreviousData });
  const accounts = useQuery({ queryKey: queryKeys.accounts, queryFn: api.accounts, staleTime: Infinity });

  const sorting = useMemo<SortingState>(() => [{ id: query.sort, desc: query.dir === 'desc' }], [query.sort, query.dir]);
  const pagination = useMemo(() => paginationOf(query), [query]);
  const go = (changes: Record<string, string | undefined>) => navigate(withSearch(location, changes));

  const table = useTable({
    features: serverTableFeatures,
    columns: orderColumns,
    data: orders.data?.items ?? NO_ORDERS,
    getRowId: (order) => String(order.id),
    rowCount: orders.data?.total ?? 0,
    manualSorting: true,
    manualPagination: true,
    autoResetPageIndex: false,
    enableMultiSort: false,
    enableSortingRemoval: false,
    state: { sorting, pagination },
    onSortingChange: (updater) => {
      const next = functionalUpdate(updater, sorting)[0];
      if (next && isOrderSortField(next.id)) go({ sort: next.id, dir: next.desc ? 'desc' : 'asc', page: undefined });
    },
    onPaginationChange: (updater) => go(paginationParams(pagination, functionalUpdate(updater, pagination))),
  });

  const filtered = ORDER_FILTER_KEYS.some((key) => query[key] !== undefined);
  const changeFilters = (changes: Partial<Record<OrderFilterKey, string>>) => go({ ...changes, page: undefined });
  const clearFilters = () => go({ ...Object.fromEntries(ORDER_FILTER_KEYS.map((key) => [key, undefined])), page: undefined });

  return (
    <div className="page">
      <PageHeader
        title="Orders"
        subtitle={<>Every order with its voucher and card parts.{orders.data && ` ${formatCount(orders.data.total)}${orders.data.totalIsLowerBound ? '+' : ''} ${filtered ? 'matching' : 'in total'}.`}</>}
      >
        <p className="legend" aria-hidden="true">
          <span className="legend-swatch legend-voucher" /> Voucher <span className="legend-swatch legend-card" /> Card
        </p>
      </PageHeader>
      <OrderFilters query={query} accounts={accounts.data?.items ?? NO_ACCOUNTS} onChange={changeFilters} onClear={filtered ? clearFilters : null} />
      {accounts.error && <ErrorState error={accounts.error} title="Could not load the accounts for the filter" />}
      <ListPanel result={orders} table={table} noun="orders" filtered={filtered} onRowClick={(order) => navigate(`/orders/${order.id}`)} />
    </div>
  );
}

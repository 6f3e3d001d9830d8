import { OrdersQuerySchema, ORDER_SORT_FIELDS, type OrdersQuery } from '../../../shared/api';
import { pageIndexFromUrl, parseSearch } from '../url-query';

type OrderSortField = (typeof ORDER_SORT_FIELDS)[number];

/** The filter parameters shared by the URL and the API (sort and paging are handled apart). */
export const ORDER_FILTER_KEYS = ['q', 'status', 'psp', 'account', 'brand', 'from', 'to'] as const;
export type OrderFilterKey = (typeof ORDER_FILTER_KEYS)[number];

/** The API query the URL describes: the same names, except a 1-based `page` instead of `offset`. */
export function ordersQueryFromUrl(search: URLSearchParams): OrdersQuery {
  const query = parseSearch(OrdersQuerySchema, search);
  return { ...query, offset: pageIndexFromUrl(search) * query.limit };
}

export function isOrderSortField(id: string): id is OrderSortField {
  return (ORDER_SORT_FIELDS as readonly string[]).includes(id);
}

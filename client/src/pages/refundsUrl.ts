import { OperationsQuerySchema, type OperationsQuery } from '../../../shared/api-operations';
import { pageIndexFromUrl, parseSearch } from '../url-query';

/** The filter parameters shared by the URL and the API (paging is handled apart). */
export const REFUND_FILTER_KEYS = ['state', 'type', 'psp', 'account', 'q', 'orderId'] as const;
export type RefundFilterKey = (typeof REFUND_FILTER_KEYS)[number];

/** The API query the URL describes: the same names, except a 1-based `page` instead of `offset`. */
export function refundsQueryFromUrl(search: URLSearchParams): OperationsQuery {
  const query = parseSearch(OperationsQuerySchema, search);
  return { ...query, offset: pageIndexFromUrl(search) * query.limit };
}

/** The Refunds page narrowed to some filters: one order's operations, those waiting for approval. */
export function refundsHref(filters: Partial<Record<RefundFilterKey, string | number>>): string {
  const search = new URLSearchParams();
  for (const key of REFUND_FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return `/refunds${text ? `?${text}` : ''}`;
}

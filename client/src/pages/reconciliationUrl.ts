import { DiscrepanciesQuerySchema, type DiscrepanciesQuery } from '../../../shared/discrepancies';
import { pageIndexFromUrl, parseSearch } from '../url-query';

/**
 * The filter parameters shared by the URL and the API (paging is handled apart). `status` is always
 * set in the query (the API's default, `active`, when the URL has none); `minAmount` is in cents in
 * both, the page showing and taking it in euros.
 */
export const RECONCILIATION_FILTER_KEYS = ['type', 'status', 'psp', 'account', 'brand', 'minAgeDays', 'minAmount', 'orderId'] as const;
export type ReconciliationFilterKey = (typeof RECONCILIATION_FILTER_KEYS)[number];

/** The API query the URL describes: the same names, except a 1-based `page` instead of `offset`. */
export function reconciliationQueryFromUrl(search: URLSearchParams): DiscrepanciesQuery {
  const query = parseSearch(DiscrepanciesQuerySchema, search);
  return { ...query, offset: pageIndexFromUrl(search) * query.limit };
}

/** Whether a filter narrows the queue; the default status (active) does not count as one. */
export function isFiltered(query: DiscrepanciesQuery): boolean {
  return RECONCILIATION_FILTER_KEYS.some((key) => (key === 'status' ? query.status !== 'active' : query[key] !== undefined));
}

/** The queue narrowed to some filters: one order's discrepancies, one type. */
export function reconciliationHref(filters: Partial<Record<ReconciliationFilterKey, string | number>>): string {
  const search = new URLSearchParams();
  for (const key of RECONCILIATION_FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return `/reconciliation${text ? `?${text}` : ''}`;
}

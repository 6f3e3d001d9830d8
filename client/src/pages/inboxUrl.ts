import { InboxQuerySchema, type InboxQuery } from '../../../shared/api';
import { pageIndexFromUrl, parseSearch } from '../url-query';

export const INBOX_FILTER_KEYS = ['rejected', 'psp', 'account', 'outcome'] as const;
export type InboxFilterKey = (typeof INBOX_FILTER_KEYS)[number];

/** The API query the URL describes: the same names, except a 1-based `page` instead of `offset`. */
export function inboxQueryFromUrl(search: URLSearchParams): InboxQuery {
  const query = parseSearch(InboxQuerySchema, search);
  return { ...query, offset: pageIndexFromUrl(search) * query.limit };
}

import { ImportsQuerySchema, type ImportsQuery } from '../../../shared/api-imports';
import { pageIndexFromUrl, parseSearch } from '../url-query';

export const IMPORT_FILTER_KEYS = ['status', 'account'] as const;
export type ImportFilterKey = (typeof IMPORT_FILTER_KEYS)[number];

/** The API query the URL describes: the same names, except a 1-based `page` instead of `offset`. */
export function importsQueryFromUrl(search: URLSearchParams): ImportsQuery {
  const query = parseSearch(ImportsQuerySchema, search);
  return { ...query, offset: pageIndexFromUrl(search) * query.limit };
}

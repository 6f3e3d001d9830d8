import { AuditQuerySchema, type AuditQuery } from '../../../shared/api-auth';
import { pageIndexFromUrl, parseSearch } from '../url-query';

export const AUDIT_FILTER_KEYS = ['action', 'actor', 'objectType', 'objectId'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];

/** The API query the URL describes: the same names, except a 1-based `page` instead of `offset`. */
export function auditQueryFromUrl(search: URLSearchParams): AuditQuery {
  const query = parseSearch(AuditQuerySchema, search);
  return { ...query, offset: pageIndexFromUrl(search) * query.limit };
}

/** The Audit page narrowed to some filters: an object's history, a person's actions. */
export function auditHref(filters: Partial<Record<AuditFilterKey, string>>): string {
  const search = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filters[key];
    if (value) search.set(key, value);
  }
  const text = search.toString();
  return `/audit${text ? `?${text}` : ''}`;
}

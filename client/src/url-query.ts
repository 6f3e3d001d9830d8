import type { PaginationState } from '@tanstack/react-table';
import type { z } from 'zod';

/**
 * Reads an API query schema from the URL one field at a time: a hand-edited or outdated parameter
 * is dropped (its default applies) instead of breaking the whole page.
 */
export function parseSearch<S extends z.ZodObject>(schema: S, search: URLSearchParams): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const value = search.get(key);
    if (value !== null && field.safeParse(value).success) raw[key] = value;
  }
  return schema.parse(raw);
}

/** The URL keeps a 1-based `page` (readable, shareable); the API takes an offset. */
export function pageIndexFromUrl(search: URLSearchParams): number {
  const page = Number(search.get('page'));
  return Number.isInteger(page) && page > 1 ? page - 1 : 0;
}

/** The pagination state of an API query (its limit and offset). */
export function paginationOf(query: { limit: number; offset: number }): PaginationState {
  return { pageIndex: Math.floor(query.offset / query.limit), pageSize: query.limit };
}

/** URL changes for a new pagination state. Page 1 is left out; a new page size starts again from it. */
export function paginationParams(current: PaginationState, next: PaginationState): Record<string, string | undefined> {
  const pageIndex = next.pageSize === current.pageSize ? next.pageIndex : 0;
  return { page: pageIndex > 0 ? String(pageIndex + 1) : undefined, limit: String(next.pageSize) };
}

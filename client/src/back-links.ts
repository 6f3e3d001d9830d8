/**
 * The list URL (with its filters, sort and page) a detail page was opened from, so "back to the
 * list" returns to the same view instead of an unfiltered first page.
 */
const lastListUrls = new Map<string, string>();

type ListName = 'orders' | 'inbox' | 'imports';

export function rememberListUrl(list: ListName, href: string): void {
  lastListUrls.set(list, href);
}

export function listUrl(list: ListName): string {
  return lastListUrls.get(list) ?? `/${list}`;
}

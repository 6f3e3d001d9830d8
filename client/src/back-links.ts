/**
 * The list URL (with its filters, sort and page) a detail page was opened from, so "back to the
 * list" returns to the same view instead of an unfiltered first page.
 */
const lastListUrls = new Map<string, string>();

export function rememberListUrl(list: 'orders' | 'inbox', href: string): void {
  lastListUrls.set(list, href);
}

export function listUrl(list: 'orders' | 'inbox'): string {
  return lastListUrls.get(list) ?? `/${list}`;
}

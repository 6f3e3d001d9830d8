import { useMemo, useSyncExternalStore } from 'react';

/**
 * A tiny router on the History API: the URL is the state (path, filters, sort, page), so reload,
 * back/forward and shared links all land on the same view.
 */
const NAVIGATE_EVENT = 'split-recon:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export interface AppLocation {
  /** Path and query string. */
  href: string;
  pathname: string;
  search: URLSearchParams;
}

export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribe, snapshot);
  // One object per URL, so what pages derive from it can be memoised on it.
  return useMemo(() => {
    const url = new URL(href, window.location.origin);
    return { href, pathname: url.pathname, search: url.searchParams };
  }, [href]);
}

/** Every change is a history entry, so Back undoes a filter, a sort or a page as well as a page change. */
export function navigate(to: string): void {
  if (to === snapshot()) return;
  const samePath = new URL(to, window.location.origin).pathname === window.location.pathname;
  window.history.pushState(null, '', to);
  if (!samePath) window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** `/orders/:id` against `/orders/12` → `{ id: '12' }`; null when the path does not match. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = have[i]!;
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(actual);
    else if (segment !== actual) return null;
  }
  return params;
}

/** The current path with some query parameters changed (undefined or '' removes one). */
export function withSearch(location: AppLocation, changes: Record<string, string | undefined>): string {
  const next = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  const text = next.toString();
  return location.pathname + (text ? `?${text}` : '');
}

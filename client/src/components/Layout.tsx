import type { ReactNode } from 'react';
import { useLocation } from '../router';
import { Link } from './Link';

/** The sections of the back office, in menu order; later sections are added here. */
const NAV_ITEMS = [
  { href: '/orders', label: 'Orders', matches: (path: string) => path === '/' || path.startsWith('/orders') },
  { href: '/inbox', label: 'Inbox', matches: (path: string) => path.startsWith('/inbox') },
] as const;

export function Layout({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <div className="app">
      <header className="app-header">
        <Link href="/" className="app-brand">
          <span className="app-logo" aria-hidden="true" />
          Split Recon
        </Link>
        <nav className="app-nav" aria-label="Main">
          {NAV_ITEMS.map((item) => {
            const current = item.matches(pathname);
            return (
              <Link key={item.href} href={item.href} className={current ? 'is-current' : undefined} aria-current={current ? 'page' : undefined}>
                {item.label}
              </Link>
            );
          })}
        </nav>
        {/* The end of the header holds the session: the signed-in user's menu goes here. */}
        <div className="app-header-end" />
      </header>
      <main className="app-main">{children}</main>
    </div>
  );
}

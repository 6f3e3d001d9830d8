import type { ReactNode } from 'react';
import { can, type Action } from '../permissions';
import { useLocation } from '../router';
import { useMe } from '../session';
import { Link } from './Link';
import { UserMenu } from './UserMenu';

/** The sections of the back office, in menu order, each shown only to the roles that can use it. */
const NAV_ITEMS: readonly { href: string; label: string; action: Action; matches: (path: string) => boolean }[] = [
  { href: '/', label: 'Overview', action: 'orders.view', matches: (path) => path === '/' },
  { href: '/orders', label: 'Orders', action: 'orders.view', matches: (path) => path.startsWith('/orders') },
  { href: '/inbox', label: 'Inbox', action: 'inbox.view', matches: (path) => path.startsWith('/inbox') },
  { href: '/imports', label: 'Imports', action: 'imports.view', matches: (path) => path.startsWith('/imports') },
  { href: '/reconciliation', label: 'Reconciliation', action: 'reconciliation.view', matches: (path) => path.startsWith('/reconciliation') },
  { href: '/refunds', label: 'Refunds', action: 'operations.view', matches: (path) => path.startsWith('/refunds') },
  { href: '/reports/daily', label: 'Daily report', action: 'reports.view', matches: (path) => path.startsWith('/reports/daily') },
  { href: '/audit', label: 'Audit', action: 'audit.view', matches: (path) => path.startsWith('/audit') },
  { href: '/users', label: 'Users', action: 'users.manage', matches: (path) => path.startsWith('/users') },
  { href: '/tokens', label: 'API tokens', action: 'tokens.manage', matches: (path) => path.startsWith('/tokens') },
];

export function Layout({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const me = useMe();
  return (
    <div className="app">
      <header className="app-header">
        <Link href="/" className="app-brand">
          <span className="app-logo" aria-hidden="true" />
          Split Recon
        </Link>
        <nav className="app-nav" aria-label="Main">
          {NAV_ITEMS.filter((item) => can(me.role, item.action)).map((item) => {
            const current = item.matches(pathname);
            return (
              <Link key={item.href} href={item.href} className={current ? 'is-current' : undefined} aria-current={current ? 'page' : undefined}>
                {item.label}
              </Link>
            );
          })}
        </nav>
        <div className="app-header-end">
          <UserMenu />
        </div>
      </header>
      <main className="app-main">{children}</main>
    </div>
  );
}

import type { ReactElement } from 'react';
import { Layout } from './components/Layout';
import { can, requiredRole, type Action } from './permissions';
import { AuditPage } from './pages/AuditPage';
import { DailyReportPage } from './pages/DailyReportPage';
import { ForbiddenPage } from './pages/ForbiddenPage';
import { InboxDetailPage } from './pages/InboxDetailPage';
import { InboxPage } from './pages/InboxPage';
import { ImportDetailPage } from './pages/ImportDetailPage';
import { ImportsPage } from './pages/ImportsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrderDetailPage } from './pages/OrderDetailPage';
import { OrdersPage } from './pages/OrdersPage';
import { OverviewPage } from './pages/OverviewPage';
import { ReconciliationPage } from './pages/ReconciliationPage';
import { RefundsPage } from './pages/RefundsPage';
import { TokensPage } from './pages/TokensPage';
import { UsersPage } from './pages/UsersPage';
import { matchPath, useLocation } from './router';
import { useMe } from './session';

/** Routes as data, first match wins; each names the action its page is for. */
const ROUTES: { path: string; action: Action; render: (params: Record<string, string>) => ReactElement }[] = [
  { path: '/', action: 'orders.view', render: () => <OverviewPage /> },
  { path: '/orders', action: 'orders.view', render: () => <OrdersPage /> },
  { path: '/orders/:id', action: 'orders.view', render: ({ id = '' }) => <OrderDetailPage key={id} id={id} /> },
  { path: '/inbox', action: 'inbox.view', render: () => <InboxPage /> },
  { path: '/inbox/:id', action: 'inbox.view', render: ({ id = '' }) => <InboxDetailPage key={id} id={id} /> },
  { path: '/imports', action: 'imports.view', render: () => <ImportsPage /> },
  { path: '/imports/:id', action: 'imports.view', render: ({ id = '' }) => <ImportDetailPage key={id} id={id} /> },
  { path: '/reconciliation', action: 'reconciliation.view', render: () => <ReconciliationPage /> },
  { path: '/refunds', action: 'operations.view', render: () => <RefundsPage /> },
  { path: '/reports/daily', action: 'reports.view', render: () => <DailyReportPage /> },
  { path: '/audit', action: 'audit.view', render: () => <AuditPage /> },
  { path: '/users', action: 'users.manage', render: () => <UsersPage /> },
  { path: '/tokens', action: 'tokens.manage', render: () => <TokensPage /> },
];

export function App() {
  const { pathname } = useLocation();
  const me = useMe();
  let page: ReactElement = <NotFoundPage />;
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) {
      page = can(me.role, route.action) ? route.render(params) : <ForbiddenPage required={requiredRole(route.action)} role={me.role} />;
      break;
    }
  }
  return <Layout>{page}</Layout>;
}

import { lazy, Suspense, type ComponentType, type ReactElement } from 'react';
import { Layout } from './components/Layout';
import { Loading } from './components/QueryState';
import { can, requiredRole, type Action } from './permissions';
import { ForbiddenPage } from './pages/ForbiddenPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { matchPath, useLocation } from './router';
import { useMe } from './session';

/** Each page is a chunk of its own, fetched the first time it is opened: the first load carries only the frame. */
function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await load() }));
}

const AuditPage = lazyPage(() => import('./pages/AuditPage').then((m) => m.AuditPage));
const DailyReportPage = lazyPage(() => import('./pages/DailyReportPage').then((m) => m.DailyReportPage));
const InboxDetailPage = lazyPage(() => import('./pages/InboxDetailPage').then((m) => m.InboxDetailPage));
const InboxPage = lazyPage(() => import('./pages/InboxPage').then((m) => m.InboxPage));
const ImportDetailPage = lazyPage(() => import('./pages/ImportDetailPage').then((m) => m.ImportDetailPage));
const ImportsPage = lazyPage(() => import('./pages/ImportsPage').then((m) => m.ImportsPage));
const OrderDetailPage = lazyPage(() => import('./pages/OrderDetailPage').then((m) => m.OrderDetailPage));
const OrdersPage = lazyPage(() => import('./pages/OrdersPage').then((m) => m.OrdersPage));
const OverviewPage = lazyPage(() => import('./pages/OverviewPage').then((m) => m.OverviewPage));
const ReconciliationPage = lazyPage(() => import('./pages/ReconciliationPage').then((m) => m.ReconciliationPage));
const RefundsPage = lazyPage(() => import('./pages/RefundsPage').then((m) => m.RefundsPage));
const TokensPage = lazyPage(() => import('./pages/TokensPage').then((m) => m.TokensPage));
const UsersPage = lazyPage(() => import('./pages/UsersPage').then((m) => m.UsersPage));

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
  return (
    <Layout>
      <Suspense fallback={<Loading label="Loading the page…" />}>{page}</Suspense>
    </Layout>
  );
}

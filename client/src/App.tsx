import type { ReactElement } from 'react';
import { Layout } from './components/Layout';
import { InboxDetailPage } from './pages/InboxDetailPage';
import { InboxPage } from './pages/InboxPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrderDetailPage } from './pages/OrderDetailPage';
import { OrdersPage } from './pages/OrdersPage';
import { matchPath, useLocation } from './router';

/** Routes as data, first match wins. */
const ROUTES: { path: string; render: (params: Record<string, string>) => ReactElement }[] = [
  { path: '/', render: () => <OrdersPage /> },
  { path: '/orders', render: () => <OrdersPage /> },
  { path: '/orders/:id', render: ({ id = '' }) => <OrderDetailPage key={id} id={id} /> },
  { path: '/inbox', render: () => <InboxPage /> },
  { path: '/inbox/:id', render: ({ id = '' }) => <InboxDetailPage key={id} id={id} /> },
];

export function App() {
  const { pathname } = useLocation();
  let page: ReactElement = <NotFoundPage />;
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) {
      page = route.render(params);
      break;
    }
  }
  return <Layout>{page}</Layout>;
}

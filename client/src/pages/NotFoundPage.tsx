import { Link } from '../components/Link';
import { useDocumentTitle } from '../document-title';

export function NotFoundPage() {
  useDocumentTitle('Not found');
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. <Link href="/orders">Go to the orders</Link>.
      </p>
    </div>
  );
}

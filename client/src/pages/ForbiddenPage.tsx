import { ROLE_LABELS, type Role } from '../../../shared/roles';
import { Link } from '../components/Link';
import { useDocumentTitle } from '../document-title';

/** A page the signed-in role cannot use: say which role it needs instead of showing a broken page. */
export function ForbiddenPage({ required, role }: { required: Role; role: Role }) {
  useDocumentTitle('Not allowed');
  return (
    <div className="page">
      <section className="callout callout-warn" role="alert" aria-labelledby="forbidden-title">
        <h1 id="forbidden-title">Not allowed</h1>
        <p>
          This page needs the {required} role; you are signed in as {role}.
        </p>
        <p className="muted">
          {ROLE_LABELS[required]} or above can use it. Ask an administrator if you need it, or <Link href="/orders">go to the orders</Link>.
        </p>
      </section>
    </div>
  );
}

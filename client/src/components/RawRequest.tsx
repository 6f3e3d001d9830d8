import type { InboxDetail } from '../../../shared/api';
import { formatCount } from '../format';

/** Decoded name/value pairs of a query string or form body, as the PSPs send most notifications. */
function formFields(text: string): [string, string][] {
  return [...new URLSearchParams(text).entries()];
}

function FieldTable({ caption, rows }: { caption: string; rows: [string, string][] }) {
  return (
    <table className="kv-table">
      <caption>{caption}</caption>
      <tbody>
        {rows.map(([name, value], i) => (
          <tr key={`${name}-${i}`}>
            <th scope="row">{name}</th>
            <td>
              <code>{value}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A stored notification exactly as received: request line, headers, query and body. */
export function RawRequest({ detail }: { detail: InboxDetail }) {
  const headers = Object.entries(detail.headers).sort(([a], [b]) => a.localeCompare(b));
  const contentType = detail.headers['content-type'] ?? '';
  const isForm = contentType.startsWith('application/x-www-form-urlencoded');
  return (
    <div className="raw-request" data-testid="raw-request">
      <p className="request-line">
        <code>
          {detail.method} {detail.path}
          {detail.query && `?${detail.query}`}
        </code>
      </p>
      <div className="raw-columns">
        <FieldTable caption="Headers" rows={headers} />
        {detail.query && <FieldTable caption="Query parameters" rows={formFields(detail.query)} />}
      </div>
      <h4 className="raw-heading">
        Body <span className="secondary-inline">{formatCount(detail.bodySize)} bytes{detail.bodyTruncated && ', truncated: only the first bytes were kept'}</span>
      </h4>
      {detail.bodyText ? (
        <pre className="raw-body" data-testid="raw-body">
          {detail.bodyText}
        </pre>
      ) : (
        <p className="muted">Empty body.</p>
      )}
      {isForm && detail.bodyText && <FieldTable caption="Form fields (decoded)" rows={formFields(detail.bodyText)} />}
    </div>
  );
}

import type { ImportError } from '../../../shared/api-imports';
import { formatCount } from '../format';

/** Each problem where a person can find it in the file: line, column (number and header name), code and message. */
export function ImportErrors({ errors, moreErrors }: { errors: readonly ImportError[]; moreErrors: boolean }) {
  return (
    <>
      <div className="table-wrap">
        <table className="mini-table import-errors" data-testid="import-errors">
          <caption className="visually-hidden">Errors in the file</caption>
          <thead>
            <tr>
              <th scope="col" className="align-end">
                Line
              </th>
              <th scope="col" className="align-end">
                Column
              </th>
              <th scope="col">Column name</th>
              <th scope="col">Code</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e, i) => (
              <tr key={`${e.line ?? 'file'}-${e.column ?? 'line'}-${i}`}>
                <td className="align-end nowrap">{e.line === null ? 'whole file' : formatCount(e.line)}</td>
                <td className="align-end nowrap">{e.column === null ? '—' : formatCount(e.column)}</td>
                <td>{e.columnName ? <code>{e.columnName}</code> : '—'}</td>
                <td>
                  <code className="error-code">{e.code}</code>
                </td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {moreErrors && (
        <p className="muted" data-testid="more-errors">
          … and more errors not listed: the import stopped collecting them after {formatCount(errors.length)}.
        </p>
      )}
    </>
  );
}

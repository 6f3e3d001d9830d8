import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, queryKeys } from '../api';
import { formatDateTime } from '../format';
import { ErrorState, Loading } from './QueryState';

const PURPOSE_LABELS = { execute: 'The operation', inquire: 'An inquiry' } as const;

/**
 * What was sent to the PSP for an operation and what it answered, exactly as on the wire (headers
 * left out): what support shows the PSP when it asks "what did you send?". Read when opened.
 */
export function PspExchanges({ operationId }: { operationId: number }) {
  const [open, setOpen] = useState(false);
  const exchanges = useQuery({ queryKey: queryKeys.operationExchanges(operationId), queryFn: () => api.operationExchanges(operationId), enabled: open });
  return (
    <details className="psp-exchanges" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="psp-exchanges">
      <summary>What was sent to the PSP</summary>
      {!open ? null : exchanges.isPending ? (
        <Loading label="Loading what was sent…" />
      ) : exchanges.error ? (
        <ErrorState error={exchanges.error} title="Could not load what was sent" />
      ) : exchanges.data.items.length === 0 ? (
        <p className="muted">Nothing was sent: the operation never reached the PSP.</p>
      ) : (
        <ol className="exchange-list">
          {exchanges.data.items.map((e, i) => (
            <li key={i} data-testid="psp-exchange">
              <p className="exchange-head">
                <strong>{PURPOSE_LABELS[e.purpose]}</strong> · {formatDateTime(e.at)} · <code>POST {e.url}</code>
              </p>
              <pre className="exchange-body" aria-label="Request">{e.request}</pre>
              {e.response !== null ? (
                <>
                  <p className="exchange-head">Answer: HTTP {e.httpStatus}</p>
                  <pre className="exchange-body" aria-label="Answer">{e.response}</pre>
                </>
              ) : (
                <p className="exchange-head">No answer: {e.error}</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

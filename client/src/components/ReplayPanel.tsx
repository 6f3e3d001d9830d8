import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { OUTCOME_LABELS, OUTCOME_TONES } from '../labels';
import { can, requiredRole } from '../permissions';
import { useMe } from '../session';
import { Badge } from './Badge';
import { Link } from './Link';
import { ErrorState } from './QueryState';

/**
 * Processes a stored notification again (after a fix, a key rotation, a new account). The replay is
 * stored as a new Inbox entry, so the result links to it.
 */
export function ReplayPanel({ inboxId }: { inboxId: number }) {
  const queryClient = useQueryClient();
  const allowed = can(useMe().role, 'inbox.replay');
  const replay = useMutation({
    mutationFn: () => api.replay(inboxId),
    // A replay can create an entry, apply to an order or change its state: refresh what shows them.
    onSuccess: () => Promise.all(['inbox', 'inbox-item', 'orders', 'order'].map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
  });
  const result = replay.data;
  return (
    <section className="panel replay" aria-labelledby="replay-title">
      <div className="replay-head">
        <div>
          <h2 id="replay-title" className="panel-title">
            Replay
          </h2>
          <p className="muted">Process this request again with the current configuration and keys. The original entry is kept.</p>
        </div>
        <div className="replay-action">
          <button
            type="button"
            className="button button-primary"
            disabled={!allowed || replay.isPending}
            aria-describedby={allowed ? undefined : 'replay-denied'}
            onClick={() => replay.mutate()}
          >
            {replay.isPending ? 'Replaying…' : 'Replay'}
          </button>
          {!allowed && (
            <p id="replay-denied" className="denied-reason" data-testid="replay-denied">
              Replay needs the {requiredRole('inbox.replay')} role
            </p>
          )}
        </div>
      </div>
      {replay.error && <ErrorState error={replay.error} title="The replay could not be run" />}
      {result && (
        <div className="replay-result" role="status" data-testid="replay-result">
          <p>
            <Badge tone={OUTCOME_TONES[result.outcome]}>{OUTCOME_LABELS[result.outcome]}</Badge> HTTP {result.httpStatus} · {result.message}
          </p>
          <p className="muted">
            Stored as <Link href={`/inbox/${result.inboxId}`}>notification #{result.inboxId}</Link>
            {result.orderId !== null && (
              <>
                {' '}
                · applied to <Link href={`/orders/${result.orderId}`}>order {result.orderId}</Link>
              </>
            )}
          </p>
        </div>
      )}
    </section>
  );
}

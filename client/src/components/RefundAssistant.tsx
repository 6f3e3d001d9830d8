import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { OrderDetail } from '../../../shared/api';
import { api, queryKeys } from '../api';
import { formatMoney, parseEuros } from '../format';
import { Field } from './Form';
import { RefundProposalView } from './RefundProposalView';
import { ErrorState, Loading } from './QueryState';

/**
 * The refund assistant: the amount to give back for the whole order, split across its parts by the
 * server (card first where the voucher cannot be refunded, each part capped by its allowance).
 */
export function RefundAssistant({ order }: { order: OrderDetail }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The amount asked, and how many times it was asked: asking again starts a fresh proposal (new keys).
  const [asked, setAsked] = useState<{ amount: number; round: number } | null>(null);
  const proposal = useQuery({
    queryKey: queryKeys.refundProposal(order.id, asked?.amount ?? 0),
    queryFn: () => api.refundProposal(order.id, asked?.amount ?? 0),
    enabled: asked !== null,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const cents = parseEuros(text);
    if (!cents.ok) return setError(cents.error.message);
    if (cents.value <= 0) return setError('the amount must be more than 0');
    setError(null);
    setAsked((current) => ({ amount: cents.value, round: (current?.round ?? 0) + 1 }));
    // Asking again for the same amount is asking for today's allowances, not the cached split.
    void queryClient.invalidateQueries({ queryKey: queryKeys.refundProposal(order.id, cents.value) });
  };
  return (
    <section className="panel refund-assistant" aria-labelledby="refund-assistant-title" data-testid="refund-assistant">
      <h2 id="refund-assistant-title" className="panel-title">
        Refund an amount
      </h2>
      <p className="panel-note muted">
        Type what to give back for the whole order ({formatMoney(order.amount, order.currency)}): Split Recon proposes how to split it across the parts, the card first where the voucher
        cannot be refunded, each part within what its rules allow.
      </p>
      <form className="assistant-form" onSubmit={submit} noValidate>
        <Field label="Amount to give back (€)" error={error}>
          {(control) => <input {...control} type="text" inputMode="decimal" autoComplete="off" placeholder="20 or 19,90" value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <button type="submit" className="button">
          Propose a split
        </button>
      </form>
      {asked &&
        (proposal.isPending ? (
          <Loading label="Working out the split…" />
        ) : proposal.error ? (
          <ErrorState error={proposal.error} title="No proposal for this amount" />
        ) : (
          <RefundProposalView key={asked.round} order={order} proposal={proposal.data} />
        ))}
    </section>
  );
}

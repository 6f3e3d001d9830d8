import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { DISCREPANCY_LABELS, type Discrepancy } from '../../../shared/discrepancies';
import { api, ApiRequestError, queryKeys } from '../api';
import { formatMoney } from '../format';
import { fieldError } from '../form-errors';
import { Dialog } from './Dialog';
import { Field, FormError } from './Form';

const NOTE_FIELDS = ['note'] as const;

/** Resolving says how: the note is kept with the discrepancy and in the audit log. */
export function ResolveDialog({ discrepancy: d, onClose, onDone }: { discrepancy: Discrepancy; onClose: () => void; onDone: () => Promise<unknown> }) {
  const [note, setNote] = useState('');
  const queryClient = useQueryClient();
  const resolve = useMutation({
    mutationFn: (text: string) => api.resolveDiscrepancy(d.id, text),
    onSuccess: async () => onDone(),
    // Someone else resolved it (or later data closed it) meanwhile: the list behind shows it now.
    onError: (error) => {
      if (error instanceof ApiRequestError && error.status === 409) void queryClient.invalidateQueries({ queryKey: queryKeys.discrepanciesAll });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    resolve.mutate(note.trim());
  };
  return (
    <Dialog title={`Resolve: ${DISCREPANCY_LABELS[d.type]}`} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <div className="dialog-body resolve-context">
          <p>
            <strong>{d.orderReference ?? `Order #${d.orderId}`}</strong>
            {d.partKey && <span className="muted"> · part {d.partKey}</span>} · {formatMoney(d.amount, d.currency)} at stake
          </p>
          <p className="muted">{d.reason}</p>
        </div>
        <Field label="How was it resolved?" hint="A few words for finance and the audit log: what you checked, what you did." error={fieldError(resolve.error, 'note')}>
          {(control) => <textarea {...control} name="note" rows={4} maxLength={2000} required value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <FormError error={resolve.error} fields={NOTE_FIELDS} title="The discrepancy was not resolved" />
        <footer className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={resolve.isPending || note.trim().length === 0}>
            {resolve.isPending ? 'Resolving…' : 'Resolve'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { personText, type Operation, type OperationResult } from '../../../shared/api-operations';
import { brandLabel } from '../../../shared/brands';
import { api } from '../api';
import { formatDateTime } from '../format';
import { fieldError } from '../form-errors';
import { useRefreshAfterOperation } from '../operation-refresh';
import { Dialog } from './Dialog';
import { Field, FormError } from './Form';
import { KindTag } from './KindTag';
import { operationName, OutcomeStep } from './OperationOutcome';

export interface Decision {
  operation: Operation;
  kind: 'approve' | 'reject';
}

const NOTE_FIELDS = ['note'] as const;

/**
 * A supervisor approves (the operation is then sent to the PSP, and its outcome shown here) or
 * rejects (nothing is sent; the note says why) an operation waiting for approval.
 */
export function DecisionDialog({ decision: { operation: op, kind }, onClose }: { decision: Decision; onClose: () => void }) {
  const refresh = useRefreshAfterOperation();
  const [note, setNote] = useState('');
  const [result, setResult] = useState<OperationResult | null>(null);
  const decide = useMutation({
    mutationFn: (text: string) => (kind === 'approve' ? api.approveOperation(op.id, text ? { note: text } : {}) : api.rejectOperation(op.id, { note: text })),
    onSuccess: setResult,
    // Someone else may have decided meanwhile: the lists behind show it.
    onSettled: () => refresh(op.orderId),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    decide.mutate(note.trim());
  };
  const approve = kind === 'approve';
  return (
    <Dialog title={`${approve ? 'Approve' : 'Reject'}: ${operationName(op)}`} onClose={onClose}>
      <div className="dialog-body operation-context">
        <p>
          <strong>{op.orderReference ?? `Order #${op.orderId}`}</strong> · <KindTag kind={op.partKind} /> {brandLabel(op.brand)} part
        </p>
        <p>
          Asked by <strong>{personText(op.requestedBy)}</strong> on {formatDateTime(op.createdAt)}: <q>{op.reason}</q>
        </p>
        {op.approvalReason && <p className="muted">Needs approval because {op.approvalReason}</p>}
      </div>
      {result ? (
        <OutcomeStep result={result} onChanged={setResult} onDone={onClose} />
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <Field
            label={approve ? 'Note (optional)' : 'Why is it rejected?'}
            hint={approve ? 'Approving sends it to the PSP at once.' : 'Nothing is sent to the PSP; the note is shown to the agent and kept in the audit log.'}
            error={fieldError(decide.error, 'note')}
          >
            {(control) => <textarea {...control} name="note" rows={3} maxLength={500} required={!approve} value={note} onChange={(e) => setNote(e.target.value)} />}
          </Field>
          <FormError error={decide.error} fields={NOTE_FIELDS} title={`The operation was not ${approve ? 'approved' : 'rejected'}`} />
          <footer className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className={`button ${approve ? 'button-primary' : 'button-danger'}`} disabled={decide.isPending || (!approve && note.trim().length < 3)}>
              {decide.isPending ? (approve ? 'Approving…' : 'Rejecting…') : approve ? 'Approve and send' : 'Reject'}
            </button>
          </footer>
        </form>
      )}
    </Dialog>
  );
}

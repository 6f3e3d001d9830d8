import { useMutation } from '@tanstack/react-query';
import type { Operation, OperationResult } from '../../../shared/api-operations';
import { PSP_LABELS } from '../../../shared/psp';
import { api } from '../api';
import { useRefreshAfterOperation } from '../operation-refresh';

/**
 * Asks the PSP what became of an operation whose outcome is unknown. Never a new request for the
 * money: only a question, which may still get no clear answer (the operation then stays unknown).
 */
export function AskPspButton({ operation, onResolved }: { operation: Operation; onResolved?: (result: OperationResult) => void }) {
  const refresh = useRefreshAfterOperation();
  const ask = useMutation({
    mutationFn: () => api.resolveOperation(operation.id),
    onSuccess: (result) => onResolved?.(result),
    onSettled: () => refresh(operation.orderId),
  });
  const stillUnknown = ask.data?.operation.state === 'unknown' ? ask.data.operation : null;
  return (
    <span className="ask-psp">
      <button
        type="button"
        className="button button-small"
        disabled={ask.isPending}
        onClick={() => ask.mutate()}
        aria-label={`Ask the PSP about operation ${operation.id}`}
      >
        {ask.isPending ? 'Asking the PSP…' : 'Ask the PSP'}
      </button>
      {stillUnknown && (
        <span className="ask-psp-note" role="status">
          Still unknown: {stillUnknown.resolution ?? stillUnknown.pspMessage ?? `${PSP_LABELS[operation.psp]} gave no clear answer`}. Try again later.
        </span>
      )}
      {ask.error && (
        <span className="field-error" role="alert">
          Could not ask the PSP: {ask.error.message}
        </span>
      )}
    </span>
  );
}

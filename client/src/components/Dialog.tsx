import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ErrorState } from './QueryState';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** While set, Escape and the close button do nothing: the person must act on what is shown (a secret). */
  locked?: boolean;
}

/**
 * A modal native <dialog>: focus is trapped and restored by the browser. It is open while mounted;
 * the parent closes it by unmounting it.
 */
export function Dialog({ title, onClose, children, locked = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      dialog.showModal();
      // Ready to type: the first field rather than the close button.
      dialog.querySelector<HTMLElement>('input:not([hidden]), select, textarea')?.focus();
    }
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        // The parent owns the open state: Escape asks it to close instead of closing behind its back.
        event.preventDefault();
        if (!locked) onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        {!locked && (
          <button type="button" className="button button-link dialog-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        )}
      </header>
      {children}
    </dialog>
  );
}

/** A yes/no question before something that cannot be undone. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  error: Error | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="dialog-body">{children}</div>
      {error && <ErrorState error={error} title={`Could not ${confirmLabel.toLowerCase()}`} />}
      <footer className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-danger" disabled={pending} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </footer>
    </Dialog>
  );
}

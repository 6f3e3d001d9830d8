import { useEffect, useRef, useState, type DragEvent } from 'react';

interface ImportDropZoneProps {
  disabled: boolean;
  onFile: (file: File) => void;
}

/** A file dropped on the zone, or chosen with its button (the keyboard way); one file at a time. */
export function ImportDropZone({ disabled, onFile }: ImportDropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  // A file dropped beside the zone would make the browser leave the dashboard to show it.
  useEffect(() => {
    const keep = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', keep);
    window.addEventListener('drop', keep);
    return () => {
      window.removeEventListener('dragover', keep);
      window.removeEventListener('drop', keep);
    };
  }, []);

  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    setNote(files.length > 1 ? `${files.length} files were dropped: only ${file.name} is imported; drop the others one at a time.` : null);
    onFile(file);
  };
  const over = (event: DragEvent) => {
    if (disabled || !event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!disabled) take(event.dataTransfer.files);
  };

  return (
    <div
      className={['drop-zone', dragging ? 'is-dragging' : '', disabled ? 'is-disabled' : ''].join(' ').trim()}
      data-testid="drop-zone"
      onDragEnter={over}
      onDragOver={over}
      onDragLeave={(event) => {
        // Moving over the zone's own text and button is not leaving it.
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={drop}
    >
      <span className="drop-zone-icon" aria-hidden="true" />
      <p className="drop-zone-title">Drop a PSP report file here</p>
      <p className="muted">Transactions or operations report, CSV or Computop batch file, as the PSP delivered it</p>
      <button type="button" className="button button-primary" disabled={disabled} onClick={() => input.current?.click()}>
        Choose a file…
      </button>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        aria-label="Report file"
        tabIndex={-1}
        disabled={disabled}
        onChange={(event) => {
          take(event.target.files);
          // The same file can be chosen again (to see it refused as a duplicate).
          event.target.value = '';
        }}
      />
      {note && (
        <p className="drop-zone-note" role="status">
          {note}
        </p>
      )}
    </div>
  );
}

import type { ImportDetail } from '../../../shared/api-imports';
import { ImportErrors } from './ImportErrors';
import { Link } from './Link';

/**
 * What became of a finished import when it was not simply applied: a repeat of an earlier file (and
 * which), or a refusal with its reason and every error found. An applied import shows its counts.
 */
export function ImportOutcome({ item }: { item: ImportDetail }) {
  if (item.status === 'duplicate') {
    return (
      <section className="callout callout-info" data-testid="import-duplicate" aria-labelledby={`import-${item.id}-duplicate`}>
        <h2 id={`import-${item.id}-duplicate`}>Same file already imported: nothing changed</h2>
        <p>
          These bytes (same SHA-256) were imported as{' '}
          {item.duplicateOf === null ? 'an earlier import' : <Link href={`/imports/${item.duplicateOf}`}>import #{item.duplicateOf}</Link>}.
        </p>
      </section>
    );
  }
  if (item.status === 'failed') {
    return (
      <section className="callout callout-bad import-refused" data-testid="import-refused" aria-labelledby={`import-${item.id}-refused`}>
        <h2 id={`import-${item.id}-refused`}>Refused, nothing applied</h2>
        {item.message && <p data-testid="import-message">{item.message}</p>}
        {item.errors.length > 0 && <ImportErrors errors={item.errors} moreErrors={item.moreErrors} />}
      </section>
    );
  }
  return null;
}

import { createHash } from 'node:crypto';

/**
 * Identifies an event by its content. The JSON comes from adapter code that builds its objects in a
 * fixed key order, so the same notification gives the same text; hashing the text already stored
 * costs nothing more than one SHA-256.
 */
export function fingerprint(source: string, json: string): string {
  return createHash('sha256').update(source).update('\n').update(json).digest('hex');
}

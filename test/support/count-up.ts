import type { Db } from '../../server/storage/sqlite/database';
import type { WriteQueue } from '../../server/storage/sqlite/write-queue';

/**
 * `jobs` write jobs, a few per event-loop turn, each reading the highest number so far and writing
 * the next: only writers that never overlap leave 1..n without a gap or a repeat.
 */
export async function countUp(queue: WriteQueue, db: Db, jobs: number): Promise<string[]> {
  const next = db.prepare('INSERT INTO counter (n) SELECT coalesce(max(n), 0) + 1 FROM counter');
  const outcomes: string[] = [];
  for (let done = 0; done < jobs; done += 4) {
    const turn = Array.from({ length: Math.min(4, jobs - done) }, () => queue.run(() => next.run()));
    for (const r of await Promise.allSettled(turn)) outcomes.push(r.status === 'fulfilled' ? 'ok' : String((r.reason as Error).message));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return outcomes;
}

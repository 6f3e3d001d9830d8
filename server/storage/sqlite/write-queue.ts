import type { Db } from './database';
import { WriteLock } from './write-lock';

interface Job {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { job: Job; ok: boolean; value: unknown };

/**
 * Group commit: writes queued during one turn of the event loop run in a single transaction, and
 * every caller is answered only after the commit. One commit then serves many requests, which is
 * what lets a signed-webhook endpoint keep up with a trivial one while storing every request.
 * A job that throws must not take the others down, nor leave half its writes: the batch is then
 * rolled back and its jobs run again one transaction each (a rare path: jobs throw on defects).
 */
export class WriteQueue {
  private jobs: Job[] = [];
  private scheduled = false;
  private readonly together: (jobs: Job[]) => Outcome[];
  private readonly alone: (job: Job) => unknown;

  constructor(
    db: Db,
    /** Shared with the other threads that write the same file. */
    private readonly lock = new WriteLock(),
    private readonly maxBatch = 512,
  ) {
    // IMMEDIATE: SQLite's write lock is taken at BEGIN, so a transaction never finds its snapshot stale when it starts writing.
    const together = db.transaction((jobs: Job[]) => jobs.map((job) => ({ job, ok: true, value: job.run() })));
    const alone = db.transaction((job: Job) => job.run());
    this.together = (jobs) => together.immediate(jobs);
    this.alone = (job) => alone.immediate(job);
  }

  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Jobs queued while the lock is awaited join the batch. */
  private async flush(): Promise<void> {
    await this.lock.acquire();
    this.scheduled = false;
    try {
      this.runQueued();
    } finally {
      this.lock.release();
    }
  }

  private runQueued(): void {
    while (this.jobs.length > 0) {
      const jobs = this.jobs.splice(0, this.maxBatch);
      let results: Outcome[];
      try {
        results = this.together(jobs);
      } catch {
        results = jobs.map((job) => {
          try {
            return { job, ok: true, value: this.alone(job) };
          } catch (error) {
            // This job's defect, or the disk refusing writes: either way nothing of it is stored.
            return { job, ok: false, value: error };
          }
        });
      }
      for (const r of results) (r.ok ? r.job.resolve : r.job.reject)(r.value);
    }
  }

  /** Resolves when every job queued so far is committed. */
  drain(): Promise<void> {
    return this.run(() => undefined);
  }
}

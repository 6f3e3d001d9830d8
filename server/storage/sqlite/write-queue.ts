import type { Db } from './database';

interface Job {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Group commit: writes queued during one turn of the event loop run in a single transaction, each in
 * its own savepoint (a failing job rolls back alone), and every caller is answered only after the
 * commit. One fsync then serves many requests, which is what lets a signed-webhook endpoint keep up
 * with a trivial one while still storing every request durably.
 */
export class WriteQueue {
  private jobs: Job[] = [];
  private scheduled = false;
  private readonly batch: (jobs: Job[]) => { job: Job; ok: boolean; value: unknown }[];

  constructor(db: Db, private readonly maxBatch = 512) {
    this.batch = db.transaction((jobs: Job[]) =>
      jobs.map((job) => {
        try {
          // A nested better-sqlite3 transaction is a savepoint.
          return { job, ok: true, value: db.transaction(job.run)() };
        } catch (error) {
          return { job, ok: false, value: error };
        }
      }),
    );
  }

  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.jobs.length > 0) {
      const jobs = this.jobs.splice(0, this.maxBatch);
      let results: { job: Job; ok: boolean; value: unknown }[];
      try {
        results = this.batch(jobs);
      } catch (error) {
        // The commit itself failed (disk full, I/O error): nothing of this batch is stored.
        for (const job of jobs) job.reject(error);
        continue;
      }
      for (const r of results) (r.ok ? r.job.resolve : r.job.reject)(r.value);
    }
  }

  /** Resolves when every job queued so far is committed. */
  drain(): Promise<void> {
    return this.run(() => undefined);
  }
}

import { Worker } from 'node:worker_threads';
import type { Applied } from '../storage';
import type { OpenOptions } from './database';
import type { WriteLock } from './write-lock';

/** What the thread applying notifications tells the one that queues them. */
export interface ApplyEvents {
  applied(batch: Applied[]): void;
  /** Nothing queued up to this nudge is left to apply. */
  drained(generation: number): void;
}

/** Where the applying runs: this thread, or a worker thread with its own connection. */
export interface ApplyDriver {
  nudge(generation: number): void;
  stop(): Promise<void>;
}

export type ApplyDriverFactory = (events: ApplyEvents) => ApplyDriver;

/**
 * Applies queued notifications a batch (one transaction) at a time, in arrival order, until none is
 * left. Answering PSPs comes first: while notifications keep arriving (a nudge in the last few
 * milliseconds) a batch waits for a gap, and each batch is short, so that the thread answering
 * HTTP seldom waits for the write lock; under a flood that leaves no gap, one batch still goes
 * every `maxDelayMs`, and the rest catches up as soon as the flood ebbs.
 */
export class ApplyLoop {
  private requested = 0;
  private lastNudge = 0;
  private stopped = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly applyBatch: (max: number) => Promise<Applied[]>,
    private readonly events: ApplyEvents,
    private readonly log: { warn(message: string): void },
    private readonly pace: { batchSize: number; quietMs: number; maxDelayMs: number } = APPLY_PACE,
  ) {}

  nudge(generation: number): void {
    if (this.stopped) return;
    this.requested = Math.max(this.requested, generation);
    this.lastNudge = Date.now();
    this.running ??= this.run().finally(() => (this.running = null));
  }

  /** Resolves once the batch under way, if any, is committed; what is still queued waits for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async run(): Promise<void> {
    try {
      for (let lastBatch = Date.now(); ; lastBatch = Date.now()) {
        await this.gap(lastBatch);
        if (this.stopped) return;
        const target = this.requested;
        const batch = await this.applyBatch(this.pace.batchSize);
        if (batch.length) this.events.applied(batch);
        if (batch.length < this.pace.batchSize && this.requested === target) return this.events.drained(target);
      }
    } catch (error) {
      // The database refusing writes: the queue stays as it is, and the next notification tries again.
      this.log.warn(`applying notifications failed: ${(error as Error).message}`);
    }
  }

  private async gap(lastBatch: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (this.stopped || now - this.lastNudge >= this.pace.quietMs || now - lastBatch >= this.pace.maxDelayMs) return;
      await new Promise((resolve) => setTimeout(resolve, this.pace.quietMs));
    }
  }
}

/** Measured with `npm run bench:ipn`: see docs/benchmarks.md. */
export const APPLY_PACE = { batchSize: 16, quietMs: 10, maxDelayMs: 250 };

/**
 * The queueing side: nudges the applier after each queued notification and lets callers wait for a
 * notification's result (a replay shows it) or for the whole queue (tests, shutdown).
 */
export class InboxApplier {
  private generation = 0;
  private nudging = false;
  private drainedUpTo = 0;
  private readonly waiting = new Map<number, Array<(a: Applied) => void>>();
  private idleWaiters: Array<{ generation: number; resolve: () => void }> = [];
  private readonly driver: ApplyDriver;

  constructor(
    driver: ApplyDriverFactory,
    /** A notification's result if it is already applied, null while it is queued. */
    private readonly find: (inboxId: number) => Applied | null,
  ) {
    this.driver = driver({ applied: (batch) => this.onApplied(batch), drained: (g) => this.onDrained(g) });
    // What a stopped server left in the queue.
    this.queued();
  }

  /** Nudges once for all the notifications a group commit queued. */
  queued(): void {
    this.generation++;
    if (this.nudging) return;
    this.nudging = true;
    queueMicrotask(() => {
      this.nudging = false;
      this.driver.nudge(this.generation);
    });
  }

  applied(inboxId: number): Promise<Applied> {
    return new Promise((resolve) => {
      const found = this.find(inboxId);
      if (found) return resolve(found);
      this.waiting.set(inboxId, [...(this.waiting.get(inboxId) ?? []), resolve]);
    });
  }

  idle(): Promise<void> {
    if (this.drainedUpTo >= this.generation) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push({ generation: this.generation, resolve }));
  }

  stop(): Promise<void> {
    return this.driver.stop();
  }

  private onApplied(batch: Applied[]): void {
    for (const a of batch) {
      for (const resolve of this.waiting.get(a.inboxId) ?? []) resolve(a);
      this.waiting.delete(a.inboxId);
    }
  }

  private onDrained(generation: number): void {
    this.drainedUpTo = Math.max(this.drainedUpTo, generation);
    const done = this.idleWaiters.filter((w) => w.generation <= this.drainedUpTo);
    this.idleWaiters = this.idleWaiters.filter((w) => w.generation > this.drainedUpTo);
    for (const w of done) w.resolve();
  }
}

/** Messages between the two threads. */
export type ToApplier = { nudge: number } | { stop: true };
export type FromApplier = { ready: true } | { applied: Applied[] } | { drained: number };

/**
 * Applying runs on a worker thread with a connection of its own, so that a second core does the
 * heaviest part of a notification (the order, its parts, their indexes) while the first answers HTTP.
 * The two connections take turns on the write lock.
 */
export function workerApplier(path: string, lock: WriteLock, options: OpenOptions): ApplyDriverFactory {
  return (events) => {
    const worker = new Worker(new URL('./inbox-apply-worker-boot.mjs', import.meta.url), {
      workerData: { path, lock: lock.buffer, options: { synchronous: options.synchronous } },
    });
    // Queued notifications outlive the process; the worker must not keep it alive.
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (m: FromApplier) => {
        if ('ready' in m) resolve();
        else if ('applied' in m) events.applied(m.applied);
        else events.drained(m.drained);
      });
    });
    worker.on('error', (error) => console.warn(`the notification applier stopped: ${error.message}`));
    return {
      nudge: (generation) => void ready.then(() => worker.postMessage({ nudge: generation } satisfies ToApplier)),
      stop: async () => {
        await ready.catch(() => undefined);
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.postMessage({ stop: true } satisfies ToApplier);
        await exited;
      },
    };
  };
}

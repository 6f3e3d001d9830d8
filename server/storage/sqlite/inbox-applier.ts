import type { Applied } from '../storage';
import type { SharedConnection } from './database';
import type { QueueSignal } from './queue-signal';
import { tsWorker } from '../../worker-thread';

export interface ApplyPace {
  batchSize: number;
  /** A batch waits until no notification was queued for this long... */
  quietMs: number;
  /** ...or until this long after the previous batch. */
  maxDelayMs: number;
}

/** Measured with `npm run bench:ipn`: see docs/benchmarks.md. */
export const APPLY_PACE: ApplyPace = { batchSize: 16, quietMs: 10, maxDelayMs: 250 };

/** The queue as the applier sees it: a generation bumped by each commit that queued notifications, and when the last one was. */
export interface QueueState {
  generation(): number;
  /** Epoch milliseconds of the last notification queued. */
  lastArrival(): number;
}

/**
 * Applies queued notifications a batch (one transaction) at a time, in arrival order, until none is
 * left. Answering PSPs comes first: while notifications keep arriving (one queued in the last few
 * milliseconds) a batch waits for a gap, and each batch is short, so that the thread answering
 * HTTP seldom waits for the write lock; under a flood that leaves no gap, one batch still goes
 * every `maxDelayMs`, and the rest catches up as soon as the flood ebbs.
 */
export class ApplyLoop {
  private stopped = false;
  private running: Promise<number | null> | null = null;

  constructor(
    private readonly applyBatch: (max: number) => Promise<Applied[]>,
    /** Nothing queued up to this generation is left to apply. */
    private readonly drained: (generation: number) => void,
    private readonly queue: QueueState,
    private readonly log: { warn(message: string): void },
    private readonly pace: ApplyPace = APPLY_PACE,
  ) {}

  /** Applies until the queue is empty; resolves with the generation it emptied it up to, or null if stopped or failing. */
  drain(): Promise<number | null> {
    if (this.stopped) return Promise.resolve(null);
    return (this.running ??= this.run().finally(() => (this.running = null)));
  }

  /** Resolves once the batch under way, if any, is committed; what is still queued waits for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async run(): Promise<number | null> {
    try {
      for (let lastBatch = Date.now(); ; lastBatch = Date.now()) {
        await this.gap(lastBatch);
        if (this.stopped) return null;
        const target = this.queue.generation();
        const batch = await this.applyBatch(this.pace.batchSize);
        if (batch.length < this.pace.batchSize && this.queue.generation() === target) {
          this.drained(target);
          return target;
        }
      }
    } catch (error) {
      // The database refusing writes: the queue stays as it is, and the next notification tries again.
      this.log.warn(`applying notifications failed: ${(error as Error).message}`);
      return null;
    }
  }

  private async gap(lastBatch: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (this.stopped || now - this.queue.lastArrival() >= this.pace.quietMs || now - lastBatch >= this.pace.maxDelayMs) return;
      await new Promise((resolve) => setTimeout(resolve, this.pace.quietMs));
    }
  }
}

/** Where applying runs: this thread, or a worker thread with its own connection. */
export interface ApplyDriver {
  stop(): Promise<void>;
}

/**
 * Runs an `ApplyLoop` on this thread, starting with what a stopped server left in the queue. Once
 * the queue is empty it sleeps until a notification is queued (by any thread); while it applies it
 * needs no wake-up, so a flood costs the threads queueing nothing but a counter.
 */
export function applyOnSignal(signal: QueueSignal, applyBatch: (max: number) => Promise<Applied[]>, log: { warn(message: string): void } = console): ApplyDriver {
  const loop = new ApplyLoop(applyBatch, (generation) => signal.drained(generation), { generation: () => signal.generation, lastArrival: () => signal.lastQueuedAt }, log);
  let stopped = false;
  const following = (async () => {
    for (;;) {
      const reached = await loop.drain();
      // Checked between the two waits, with no await in between: a `wake()` can only come before or after.
      if (stopped) return;
      // After a failure, wait for the next notification rather than retry at once.
      await signal.changed(reached ?? signal.generation);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop.stop();
      signal.wake();
      await following;
    },
  };
}

/**
 * The waiting side: lets callers wait for a notification's result (a replay shows it) or for the
 * whole queue (tests). Whoever queues notifications signals them (see `QueueSignal`).
 */
export class InboxApplier {
  private readonly driver: ApplyDriver;

  constructor(
    private readonly signal: QueueSignal,
    driver: (signal: QueueSignal) => ApplyDriver,
    /** A notification's result if it is already applied, null while it is queued. */
    private readonly find: (inboxId: number) => Applied | null,
  ) {
    this.driver = driver(signal);
    // What a stopped server left in the queue counts as queued now, for `idle()`.
    signal.queued();
  }

  async applied(inboxId: number): Promise<Applied | null> {
    const found = this.find(inboxId);
    if (found) return found;
    await this.idle();
    return this.find(inboxId);
  }

  idle(): Promise<void> {
    return this.signal.drainedUpTo(this.signal.generation);
  }

  stop(): Promise<void> {
    return this.driver.stop();
  }
}

/** What the worker is told: everything else goes through shared memory. */
export type ToApplier = { stop: true };
export type FromApplier = { ready: true };

/**
 * Applying runs on a worker thread with a connection of its own, so that a second core does the
 * heaviest part of a notification (the order, its parts, their indexes) while the first answers HTTP.
 * The two connections take turns on the write lock.
 */
export function workerApplier(shared: SharedConnection): (signal: QueueSignal) => ApplyDriver {
  return () => {
    const worker = tsWorker(new URL('./inbox-apply-worker.ts', import.meta.url), shared);
    // Queued notifications outlive the process; the worker must not keep it alive.
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', () => resolve());
    });
    worker.on('error', (error) => console.warn(`the notification applier stopped: ${error.message}`));
    return {
      stop: async () => {
        await ready.catch(() => undefined);
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.postMessage({ stop: true } satisfies ToApplier);
        await exited;
      },
    };
  };
}

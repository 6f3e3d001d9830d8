import { changeOf } from './shared-memory';

/**
 * The inbox queue's state in shared memory, so that the thread answering PSPs and the one applying
 * notifications need no message per notification: a generation bumped after each commit that
 * queued some, the generation the applier last emptied the queue up to, and when the last
 * notification was queued (the applier holds back while they keep coming).
 */
export class QueueSignal {
  private readonly counters: Int32Array;
  private readonly clock: Float64Array;

  /** The same `buffer` in every thread: pass `signal.buffer` to a worker and rebuild it there. */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(16)) {
    this.counters = new Int32Array(buffer, 0, 2);
    this.clock = new Float64Array(buffer, 8, 1);
  }

  /** After a commit that queued notifications; wakes the applier if it sleeps. */
  queued(): void {
    this.clock[0] = Date.now();
    Atomics.add(this.counters, QUEUED, 1);
    Atomics.notify(this.counters, QUEUED);
  }

  get generation(): number {
    return Atomics.load(this.counters, QUEUED);
  }

  /** Epoch milliseconds of the last `queued()`, in any thread. */
  get lastQueuedAt(): number {
    return this.clock[0]!;
  }

  /** Resolves once something was queued after `generation`, or on `wake()`. */
  changed(generation: number): Promise<void> {
    return changeOf(this.counters, QUEUED, generation);
  }

  wake(): void {
    Atomics.notify(this.counters, QUEUED);
  }

  /** The applier: every notification queued up to `generation` is applied. */
  drained(generation: number): void {
    if (!precedes(Atomics.load(this.counters, DRAINED), generation)) return;
    Atomics.store(this.counters, DRAINED, generation);
    Atomics.notify(this.counters, DRAINED);
  }

  /** Resolves once every notification queued up to `generation` is applied. */
  async drainedUpTo(generation: number): Promise<void> {
    for (let drained = Atomics.load(this.counters, DRAINED); precedes(drained, generation); drained = Atomics.load(this.counters, DRAINED)) {
      await changeOf(this.counters, DRAINED, drained);
    }
  }
}

const QUEUED = 0;
const DRAINED = 1;

/** Generations wrap around at 2^31; compared by difference, they stay ordered. */
function precedes(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

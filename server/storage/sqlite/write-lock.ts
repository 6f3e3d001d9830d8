import { changeOf } from './shared-memory';

/**
 * One writer at a time across the threads that share a database file. SQLite's own busy handler
 * sleeps with growing back-off (1, 2, 5, 10 ms...) and blocks the thread meanwhile, so the threads
 * queue here instead: a ticket lock on shared memory, first come first served, waited for without
 * blocking the event loop (the thread answering HTTP keeps answering while its turn comes).
 */
export class WriteLock {
  private readonly cells: Int32Array;

  /** The same `buffer` in every thread: pass `lock.buffer` to a worker and rebuild it there. */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.cells = new Int32Array(buffer);
  }

  /** Resolves when this caller holds the lock; `release()` must follow, whatever happens. */
  async acquire(): Promise<void> {
    const ticket = Atomics.add(this.cells, NEXT, 1);
    if (Atomics.load(this.cells, SERVING) === ticket) return;
    // An async wait does not keep a thread alive: a worker with nothing else to do would end holding
    // its ticket, and every thread after it would wait forever.
    const alive = setInterval(() => {}, 1 << 30);
    try {
      for (let serving = Atomics.load(this.cells, SERVING); serving !== ticket; serving = Atomics.load(this.cells, SERVING)) {
        await changeOf(this.cells, SERVING, serving);
      }
    } finally {
      clearInterval(alive);
    }
  }

  release(): void {
    Atomics.add(this.cells, SERVING, 1);
    Atomics.notify(this.cells, SERVING);
  }
}

const NEXT = 0;
const SERVING = 1;

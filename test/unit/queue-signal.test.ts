import { describe, expect, it } from 'vitest';
import { QueueSignal } from '../../server/storage/sqlite/queue-signal';

describe('QueueSignal', () => {
  it('lets a waiter for the queue go only once the applier says it drained that far', async () => {
    const signal = new QueueSignal();
    signal.queued();
    signal.queued();
    let idle = false;
    const waiting = signal.drainedUpTo(signal.generation).then(() => (idle = true));
    signal.drained(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(idle).toBe(false);
    signal.drained(2);
    await waiting;
    expect(idle).toBe(true);
  });

  it('wakes a thread waiting for notifications when one is queued, and shares the time it was', async () => {
    const signal = new QueueSignal();
    const other = new QueueSignal(signal.buffer);
    const seen = other.generation;
    const woken = other.changed(seen);
    const before = Date.now();
    signal.queued();
    await woken;
    expect(other.generation).toBe(seen + 1);
    expect(other.lastQueuedAt).toBeGreaterThanOrEqual(before);
  });

  it('never goes back: a late, older drained generation is ignored', async () => {
    const signal = new QueueSignal();
    for (let i = 0; i < 3; i++) signal.queued();
    signal.drained(3);
    signal.drained(2);
    await signal.drainedUpTo(3);
    signal.queued();
    let idle = false;
    void signal.drainedUpTo(4).then(() => (idle = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(idle).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Applied } from '../../server/storage/storage';
import { ApplyLoop } from '../../server/storage/sqlite/inbox-applier';

/** The applier's pace, on plain data and a fake clock: answering first, applying in the gaps, never starved. */
const pace = { batchSize: 4, quietMs: 10, maxDelayMs: 250 };

function queue() {
  const waiting: number[] = [];
  const batches: Array<{ at: number; ids: number[] }> = [];
  const drained: number[] = [];
  let lastArrival = 0;
  const loop = new ApplyLoop(
    async (max) => {
      const ids = waiting.splice(0, max);
      batches.push({ at: Date.now(), ids });
      return ids.map((inboxId): Applied => ({ inboxId, outcome: 'applied', orderId: inboxId, newEvents: 1 }));
    },
    (g) => drained.push(g),
    () => lastArrival,
    { warn: () => undefined },
    pace,
  );
  let next = 0;
  let generation = 0;
  const arrive = () => {
    waiting.push(++next);
    lastArrival = Date.now();
    loop.nudge(++generation);
  };
  return { loop, arrive, waiting, batches, drained, generation: () => generation };
}

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('ApplyLoop', () => {
  it('applies at once when notifications come one by one, and says when nothing is left', async () => {
    const q = queue();
    q.arrive();
    await vi.advanceTimersByTimeAsync(pace.quietMs);
    expect(q.batches.flatMap((b) => b.ids)).toEqual([1]);
    expect(q.drained).toEqual([1]);
  });

  it('holds back while a flood arrives, one batch every maxDelayMs, and catches up when it ebbs', async () => {
    const q = queue();
    // A notification every 2 ms for one second: no 10 ms gap.
    for (let t = 0; t < 1000; t += 2) {
      q.arrive();
      await vi.advanceTimersByTimeAsync(2);
    }
    const during = q.batches.filter((b) => b.at < 1000 && b.ids.length > 0);
    expect(during.length).toBeGreaterThanOrEqual(3);
    expect(during.length).toBeLessThanOrEqual(5);
    expect(q.drained).toEqual([]);

    await vi.advanceTimersByTimeAsync(pace.quietMs * 2);
    expect(q.waiting).toEqual([]);
    expect(q.batches.flatMap((b) => b.ids)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(q.drained).toEqual([q.generation()]);
  });
});

describe('ApplyLoop.stop', () => {
  it('returns after the batch under way and leaves the rest queued for the next start', async () => {
    const q = queue();
    for (let t = 0; t < 600; t += 2) {
      q.arrive();
      await vi.advanceTimersByTimeAsync(2);
    }
    const stopped = q.loop.stop();
    await vi.advanceTimersByTimeAsync(pace.quietMs);
    await stopped;
    const appliedBeforeStop = q.batches.flatMap((b) => b.ids).length;
    expect(q.waiting.length).toBe(300 - appliedBeforeStop);
    expect(q.waiting.length).toBeGreaterThan(0);

    q.arrive();
    await vi.advanceTimersByTimeAsync(pace.quietMs * 3);
    expect(q.batches.flatMap((b) => b.ids)).toHaveLength(appliedBeforeStop);
    expect(q.drained).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Applied } from '../../server/storage/storage';
import { APPLY_PACE, ApplyLoop, applyOnSignal } from '../../server/storage/sqlite/inbox-applier';
import { QueueSignal } from '../../server/storage/sqlite/queue-signal';

/** The applier's pace, on plain data and a fake clock: answering first, applying in the gaps, never starved. */
const pace = { batchSize: 4, quietMs: 10, maxDelayMs: 250 };

function queue() {
  const waiting: number[] = [];
  const batches: Array<{ at: number; ids: number[] }> = [];
  const drained: number[] = [];
  let lastArrival = 0;
  let generation = 0;
  const loop = new ApplyLoop(
    async (max) => {
      const ids = waiting.splice(0, max);
      batches.push({ at: Date.now(), ids });
      return ids.map((inboxId): Applied => ({ inboxId, outcome: 'applied', orderId: inboxId, newEvents: 1 }));
    },
    (g) => drained.push(g),
    { generation: () => generation, lastArrival: () => lastArrival },
    { warn: () => undefined },
    pace,
  );
  let next = 0;
  const arrive = () => {
    waiting.push(++next);
    lastArrival = Date.now();
    generation++;
    void loop.drain();
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

describe('applyOnSignal', () => {
  /** A queue of ids behind a real QueueSignal; `gate` holds each batch until released. */
  function signalled() {
    const signal = new QueueSignal();
    const waiting: number[] = [];
    const applied: number[] = [];
    let release: () => void = () => undefined;
    let gate: Promise<void> | null = null;
    const driver = applyOnSignal(signal, async (max) => {
      if (gate) await gate;
      const ids = waiting.splice(0, max);
      applied.push(...ids);
      return ids.map((inboxId): Applied => ({ inboxId, outcome: 'applied', orderId: inboxId, newEvents: 1 }));
    }, { warn: () => undefined });
    return {
      signal,
      driver,
      applied,
      queue: (...ids: number[]) => {
        waiting.push(...ids);
        signal.queued();
      },
      hold: () => (gate = new Promise<void>((resolve) => (release = resolve))),
      release: () => {
        gate = null;
        release();
      },
    };
  }

  beforeEach(() => void vi.useRealTimers());

  it('sleeps until something is queued, applies it and says the queue is drained', async () => {
    const s = signalled();
    s.queue(1, 2);
    await s.signal.drainedUpTo(s.signal.generation);
    s.queue(3);
    await s.signal.drainedUpTo(s.signal.generation);
    expect(s.applied).toEqual([1, 2, 3]);
    await s.driver.stop();
  });

  it('stops while asleep, and while a batch is under way (after committing it)', async () => {
    const asleep = signalled();
    asleep.queue(1);
    await asleep.signal.drainedUpTo(asleep.signal.generation);
    await asleep.driver.stop();

    const busy = signalled();
    busy.hold();
    busy.queue(1);
    await new Promise((resolve) => setTimeout(resolve, APPLY_PACE.quietMs * 3));
    const stopped = busy.driver.stop();
    busy.release();
    await stopped;
    expect(busy.applied).toEqual([1]);
  });
});

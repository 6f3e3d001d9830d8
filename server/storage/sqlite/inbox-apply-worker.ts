import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { SharedConnection } from './database';
import { applyOnSignal, type FromApplier } from './inbox-applier';
import { QueueSignal } from './queue-signal';
import { SqliteStorage } from './sqlite-storage';

/** The notification applier's thread (see `workerApplier`). */
lowerPriority();
const shared = workerData as SharedConnection;
const port = parentPort!;
const storage = SqliteStorage.forThread(shared);
const applying = applyOnSignal(new QueueSignal(shared.signal), (max) => storage.applyQueued(max));

// The only message: stop.
port.once('message', () => {
  void applying.stop().then(async () => {
    await storage.close();
    port.close();
  });
});
port.postMessage({ ready: true } satisfies FromApplier);

/**
 * Answering PSPs comes first: under load this thread yields the CPU to the one answering HTTP, and
 * applies at full speed whenever that one is idle. Linux takes a nice value per thread (this
 * thread's id is read from /proc); elsewhere the thread keeps the process's priority.
 */
function lowerPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(threadId, 10);
  } catch {
    // Not Linux, or not allowed: same priority as the rest.
  }
}

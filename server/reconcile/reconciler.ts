import type { ReconcileSummary, Storage } from '../storage/storage';

/**
 * Keeps the discrepancy queue current: after notifications and imports it reconciles the orders that
 * changed since their last pass; and since a pending payment becomes late with time alone, it looks at
 * pending orders again on each round. Passes never overlap.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ReconcileSummary> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date,
    private readonly log: { warn(message: string): void } = console,
  ) {}

  /** One round: what changed, then what is still pending. Concurrent callers share the round under way. */
  runOnce(): Promise<ReconcileSummary> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  /** Every order, whatever changed: after a fix in the rules, or to rebuild the queue. */
  fullPass(): Promise<ReconcileSummary> {
    return this.storage.discrepancies.reconcile('all', this.now());
  }

  start(intervalMs = 5000): this {
    this.timer = setInterval(() => void this.runOnce().catch((e: Error) => this.log.warn(`reconciliation failed: ${e.message}`)), intervalMs);
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async round(): Promise<ReconcileSummary> {
    const changed = await this.storage.discrepancies.reconcile('dirty', this.now());
    const pending = await this.storage.discrepancies.reconcile('pending', this.now());
    return { orders: changed.orders + pending.orders, opened: changed.opened + pending.opened, closed: changed.closed + pending.closed };
  }
}

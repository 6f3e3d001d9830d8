import type { Psp } from '../../shared/psp';

/**
 * How the sandbox PSP misbehaves on its next cash calls, as a real one can:
 * - `slow`: answers after `delayMs`, work done;
 * - `fail`: answers its technical error code, nothing done;
 * - `timeout_after_work`: does the work, then waits `delayMs` before answering (longer than the caller's timeout);
 * - `already_processed`: does the work, then answers "already processed" (Sips 24) instead of success.
 */
export const FAULT_MODES = ['slow', 'fail', 'timeout_after_work', 'already_processed'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultSetting {
  mode: FaultMode;
  delayMs?: number;
  /** Only this PSP's calls; all PSPs when absent. */
  psp?: Psp;
  /** How many calls it applies to; every call until cleared when absent. */
  times?: number;
}

export class Faults {
  private settings: (FaultSetting & { left: number })[] = [];

  set(setting: FaultSetting): void {
    this.settings.push({ ...setting, left: setting.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.settings = [];
  }

  /** The fault for this call, if any, counting it. */
  take(psp: Psp): FaultSetting | null {
    const found = this.settings.find((s) => s.left > 0 && (!s.psp || s.psp === psp));
    if (!found) return null;
    found.left--;
    return found;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one cash call under the fault set for its PSP. `work` performs the operation (or refuses it)
 * and builds the answer; `faultAnswer` builds the PSP's answer for `fail` and `already_processed`.
 */
export async function underFault<T>(faults: Faults, psp: Psp, work: () => T, faultAnswer: (mode: 'fail' | 'already_processed') => T): Promise<T> {
  const fault = faults.take(psp);
  switch (fault?.mode) {
    case undefined:
      return work();
    case 'slow':
      await sleep(fault.delayMs ?? 2000);
      return work();
    case 'fail':
      return faultAnswer('fail');
    case 'timeout_after_work': {
      const answer = work();
      await sleep(fault.delayMs ?? 30_000);
      return answer;
    }
    case 'already_processed':
      work();
      return faultAnswer('already_processed');
  }
}

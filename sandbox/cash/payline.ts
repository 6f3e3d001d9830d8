import type { MountCash } from './context';

/** The sandbox Payline cash API. Placeholder until it lands. */
export const mountPaylineCash: MountCash = () => {};

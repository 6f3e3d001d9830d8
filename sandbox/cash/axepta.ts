import type { MountCash } from './context';

/** The sandbox Axepta cash API. Placeholder until it lands. */
export const mountAxeptaCash: MountCash = () => {};

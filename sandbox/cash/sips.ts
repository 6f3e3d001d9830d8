import type { MountCash } from './context';

/** The sandbox Sips cash API. Placeholder until it lands. */
export const mountSipsCash: MountCash = () => {};

import type { MountCash } from './context';

/** The sandbox Up2pay cash API. Placeholder until it lands. */
export const mountUp2payCash: MountCash = () => {};

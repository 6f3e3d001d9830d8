import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Principal } from '../auth/auth-service';

/** What every request carries through the app: who is calling, once authenticated. */
export type AppEnv = { Bindings: Partial<HttpBindings>; Variables: { principal: Principal | null } };

/** The peer's address; null when not served by Node (in-process tests). */
export function clientAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

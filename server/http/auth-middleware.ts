import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AuthService } from '../auth/auth-service';
import type { AppEnv } from './context';

export const SESSION_COOKIE = 'sr_session';

/** Resolves the caller from a bearer token or the session cookie; routes decide what the role may do. */
export function authenticate(auth: AuthService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const cookie = getCookie(c, SESSION_COOKIE);
    c.set('principal', bearer ? await auth.fromBearer(bearer) : cookie ? await auth.fromSession(cookie) : null);
    await next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request carrying the session cookie (or signing in, which sets it) must come from
 * the dashboard itself: its Origin is ours, or the browser says Sec-Fetch-Site: same-origin. Unlike
 * Hono's csrf(), this holds for JSON bodies too. Machines use a bearer token, which a browser never
 * adds by itself; a request with neither cookie nor token is simply not signed in.
 */
export function sameOriginOnly(allowedOrigins: readonly string[] = []): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || /^Bearer\s/i.test(c.req.header('authorization') ?? '')) return next();
    if (getCookie(c, SESSION_COOKIE) === undefined && c.req.path !== '/api/auth/login') return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const own = new URL(c.req.url).origin;
    const ok = site === 'same-origin' || (origin !== undefined && (origin === own || allowedOrigins.includes(origin)));
    if (!ok) {
      return c.json({ error: { code: 'CSRF_REJECTED', message: `cross-site request refused: Origin ${origin ?? '(none)'} is not ${own}` } }, 403);
    }
    return next();
  };
}

import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { ChangeOwnPasswordBodySchema, LoginBodySchema, MeSchema, OkSchema, type Me } from '../../shared/api-auth';
import type { AuthService, Principal } from '../auth/auth-service';
import { defineRoute, problem, reply } from '../http/api-route';
import { SESSION_COOKIE } from '../http/auth-middleware';
import { clientAddress, type AppEnv } from '../http/context';

const me = (p: Principal): Me => ({ id: p.userId, email: p.label, name: p.name, role: p.role, refundLimit: p.refundLimit, via: p.via });

/** httpOnly and SameSite=Strict always; Secure when the dashboard is served over HTTPS. */
function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  const https = new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: https, path: '/', expires: expiresAt });
}

export function authRoutes(auth: AuthService) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      summary: 'Sign in with e-mail and password; sets the session cookie',
      tag: 'Sign-in',
      role: 'public',
      body: LoginBodySchema,
      response: MeSchema,
      errors: { 401: 'E-mail or password incorrect', 429: 'Too many failed sign-ins' },
      handler: async ({ body, c }) => {
        const result = await auth.login(body.email, body.password, clientAddress(c), c.req.header('user-agent') ?? null);
        if (!result.ok) {
          if (result.error.retryAfterSeconds) c.header('Retry-After', String(result.error.retryAfterSeconds));
          return problem(result.error.status, result.error.code, result.error.message);
        }
        setSessionCookie(c, result.value.token, result.value.expiresAt);
        return reply(me(result.value.principal));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      summary: 'Sign out: ends the session on the server and clears the cookie',
      tag: 'Sign-in',
      role: 'public',
      response: OkSchema,
      handler: async ({ c, principal }) => {
        if (principal) await auth.logout(principal, clientAddress(c));
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return reply({ ok: true as const });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/me',
      summary: 'Who is signed in, with which role',
      tag: 'Sign-in',
      role: 'viewer',
      response: MeSchema,
      handler: async ({ principal }) => reply(me(principal!)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/password',
      summary: 'Change your own password; your other sessions end',
      tag: 'Sign-in',
      role: 'viewer',
      body: ChangeOwnPasswordBodySchema,
      response: MeSchema,
      errors: { 400: 'Wrong current password or weak new password', 403: 'Only for people, not API tokens' },
      handler: async ({ body, c, principal, actor }) => {
        if (principal!.via !== 'session') return problem(403, 'PEOPLE_ONLY', 'API tokens have no password');
        const changed = await auth.changeOwnPassword(principal!, body.currentPassword, body.newPassword, actor);
        if (!changed.ok) return problem(changed.error.status, changed.error.code, changed.error.message, changed.error.field);
        // The change ended every session, this one too: open a fresh one so the person stays signed in.
        const fresh = await auth.openSession(changed.value, clientAddress(c), c.req.header('user-agent') ?? null);
        setSessionCookie(c, fresh.token, fresh.expiresAt);
        return reply(me(fresh.principal));
      },
    }),
  ];
}

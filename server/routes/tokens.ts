import { z } from 'zod';
import { ApiTokenListSchema, ApiTokenSchema, CreatedTokenSchema, CreateTokenBodySchema, type ApiToken } from '../../shared/api-auth';
import type { AuthService } from '../auth/auth-service';
import { defineRoute, problem, reply } from '../http/api-route';
import type { ApiTokenRecord, Storage } from '../storage/storage';

const tokenView = (t: ApiTokenRecord, now: Date): ApiToken => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  role: t.role,
  createdBy: t.createdByLabel,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
  revoked: t.revokedAt !== null,
  status: t.revokedAt ? 'revoked' : Date.parse(t.expiresAt) <= now.getTime() ? 'expired' : t.createdByDisabled ? 'creator_disabled' : 'active',
});

/** API tokens for machines: created by an administrator with a role and an expiry, shown once. */
export function tokenRoutes({ auth, storage, now }: { auth: AuthService; storage: Storage; now: () => Date }) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/tokens',
      summary: 'Every API token (never the secret)',
      tag: 'API tokens',
      role: 'admin',
      response: ApiTokenListSchema,
      handler: async () => {
        const tokens = await storage.auth.listApiTokens();
        return reply({ items: tokens.map((t) => tokenView(t, now())), total: tokens.length });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/tokens',
      summary: 'Create an API token; the answer is the only time its secret is shown',
      tag: 'API tokens',
      role: 'admin',
      body: CreateTokenBodySchema,
      response: CreatedTokenSchema,
      handler: async ({ body, principal, actor }) => {
        const { token, record } = await auth.createToken(principal!, body, actor);
        return reply({ token, item: tokenView(record, now()) }, 201);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/tokens/:id/revoke',
      summary: 'Revoke an API token at once',
      tag: 'API tokens',
      role: 'admin',
      params: z.object({ id: z.coerce.number().int().positive() }),
      response: ApiTokenSchema,
      errors: { 404: 'No such token' },
      handler: async ({ params, actor }) => {
        const revoked = await auth.revokeToken(params.id, actor);
        return revoked ? reply(tokenView(revoked, now())) : problem(404, 'NOT_FOUND', `API token ${params.id} does not exist`);
      },
    }),
  ];
}

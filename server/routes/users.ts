import { CreateUserBodySchema, SetPasswordBodySchema, UpdateUserBodySchema, UserListSchema, UserSchema, type User } from '../../shared/api-auth';
import type { AuthService } from '../auth/auth-service';
import { defineRoute, problem, reply, type Reply, IdParams } from '../http/api-route';
import type { Storage, UserRecord } from '../storage/storage';

const userView = (u: UserRecord): User => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  refundLimit: u.refundLimit,
  disabled: u.disabledAt !== null,
  passwordChangedAt: u.passwordChangedAt,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});

type Outcome = { ok: true; value: UserRecord } | { ok: false; error: { status: 400 | 401 | 403 | 404 | 409 | 429; code: string; message: string; field?: string } };
const answer = (r: Outcome, status: 200 | 201 = 200): Reply<User> => (r.ok ? reply(userView(r.value), status) : problem(r.error.status, r.error.code, r.error.message, r.error.field));

/** Administrators manage people: create, change role or refund limit, disable, reset a password. */
export function userRoutes({ auth, storage }: { auth: AuthService; storage: Storage }) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/users',
      summary: 'Every user',
      tag: 'Users',
      role: 'admin',
      response: UserListSchema,
      handler: async () => {
        const users = await storage.auth.listUsers();
        return reply({ items: users.map(userView), total: users.length });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/users',
      summary: 'Create a user',
      tag: 'Users',
      role: 'admin',
      body: CreateUserBodySchema,
      response: UserSchema,
      errors: { 409: 'E-mail already used' },
      handler: async ({ body, actor }) => answer(await auth.createUser(body, actor), 201),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/users/:id',
      summary: 'Change a user’s name, role, refund limit, or disable / enable them (disabling ends their sessions)',
      tag: 'Users',
      role: 'admin',
      params: IdParams,
      body: UpdateUserBodySchema,
      response: UserSchema,
      errors: { 404: 'No such user' },
      handler: async ({ params, body, actor }) => answer(await auth.updateUser(params.id, body, actor)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/users/:id/password',
      summary: 'Set a user’s password (ends their sessions)',
      tag: 'Users',
      role: 'admin',
      params: IdParams,
      body: SetPasswordBodySchema,
      response: UserSchema,
      errors: { 404: 'No such user' },
      handler: async ({ params, body, actor }) => answer(await auth.setPassword(params.id, body.password, actor)),
    }),
  ];
}

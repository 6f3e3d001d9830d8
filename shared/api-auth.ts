import { z } from 'zod';
import { ROLES } from './roles';

/** Sign-in, users, API tokens and the audit log: the API schemas, shared by server and client. */

export const LoginBodySchema = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
});

export const MeSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  refundLimit: z.number().int().nullable(),
  /** `session` for a signed-in person, `token` for a machine. */
  via: z.enum(['session', 'token']),
});
export type Me = z.infer<typeof MeSchema>;

export const UserSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  /** Agents: the largest refund they may issue alone, in cents; null = DEFAULT_AGENT_REFUND_LIMIT. */
  refundLimit: z.number().int().nullable(),
  disabled: z.boolean(),
  passwordChangedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;
export const UserListSchema = z.object({ items: z.array(UserSchema), total: z.number().int() });

export const MIN_PASSWORD_LENGTH = 12;
const Password = z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1024);
const Email = z.email('a valid e-mail address').max(254);
const RefundLimit = z.number().int().min(0).max(100_000_000).nullable();

export const CreateUserBodySchema = z.object({
  email: Email,
  name: z.string().trim().min(1).max(120),
  role: z.enum(ROLES),
  password: Password,
  refundLimit: RefundLimit.optional(),
});

export const UpdateUserBodySchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    role: z.enum(ROLES).optional(),
    refundLimit: RefundLimit.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const SetPasswordBodySchema = z.object({ password: Password });
export const ChangeOwnPasswordBodySchema = z.object({ currentPassword: z.string().min(1), newPassword: Password });

export const ApiTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(ROLES),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revoked: z.boolean(),
  /** Whether it works now: a token stops working when revoked, expired, or when its creator is disabled. */
  status: z.enum(['active', 'revoked', 'expired', 'creator_disabled']),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export const ApiTokenListSchema = z.object({ items: z.array(ApiTokenSchema), total: z.number().int() });
export const CreateTokenBodySchema = z.object({
  name: z.string().trim().min(1).max(120),
  role: z.enum(ROLES),
  expiresInDays: z.number().int().min(1).max(366),
});
export const CreatedTokenSchema = z.object({
  /** Shown once: only its hash is kept. */
  token: z.string(),
  item: ApiTokenSchema,
});

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.object({ type: z.enum(['user', 'token', 'anonymous', 'system']), id: z.number().int().nullable(), label: z.string() }),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  detail: z.string().nullable(),
  address: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditListSchema = z.object({ items: z.array(AuditEntrySchema), total: z.number().int() });
export type AuditList = z.infer<typeof AuditListSchema>;
export const AuditQuerySchema = z.object({
  action: z.string().trim().min(1).optional(),
  actor: z.string().trim().min(1).optional(),
  objectType: z.string().trim().min(1).optional(),
  objectId: z.string().trim().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const OkSchema = z.object({ ok: z.literal(true) });

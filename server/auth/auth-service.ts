import type { Role } from '../../shared/roles';
import type { Problem } from '../../shared/result';
import type { Actor, ApiTokenRecord, Storage, UserChanges, UserRecord } from '../storage/storage';
import { DUMMY_HASH, hashPassword, passwordWeakness, verifyPassword } from './passwords';
import { FailureLimiter } from './rate-limit';
import { randomSecret, secretHash } from './secrets';

/** Who is calling: a person through a session, or a machine through an API token. */
export interface Principal {
  via: 'session' | 'token';
  /** The person (for a token, the person who created it). */
  userId: number;
  tokenId: number | null;
  label: string;
  name: string;
  role: Role;
  refundLimit: number | null;
  sessionHash: string | null;
}

export interface AuthSettings {
  /** A session unused this long is over. */
  idleMinutes: number;
  /** A session is over this long after sign-in, used or not. */
  maxHours: number;
  now: () => Date;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = { idleMinutes: 30, maxHours: 12, now: () => new Date() };

export type AuthFailure = Problem & { status: 400 | 401 | 403 | 404 | 409 | 429; retryAfterSeconds?: number };
export type AuthResult<T> = { ok: true; value: T } | { ok: false; error: AuthFailure };
const failure = (status: AuthFailure['status'], code: string, message: string, extra: Partial<AuthFailure> = {}): { ok: false; error: AuthFailure } => ({
  ok: false,
  error: { status, code, message, ...extra },
});

const TOKEN_PREFIX = 'srt_';
/** Refresh a session's last-seen time at most this often: a write per request is not needed. */
const TOUCH_EVERY_MS = 60_000;
const INVALID_CREDENTIALS = 'e-mail or password is incorrect';

export function actorOf(principal: Principal | null, address: string | null): Actor {
  if (!principal) return { type: 'anonymous', id: null, label: 'anonymous', address };
  return principal.via === 'token'
    ? { type: 'token', id: principal.tokenId, label: `token ${principal.label}`, address }
    : { type: 'user', id: principal.userId, label: principal.label, address };
}

const principalOfUser = (u: UserRecord, sessionHash: string): Principal => ({
  via: 'session',
  userId: u.id,
  tokenId: null,
  label: u.email,
  name: u.name,
  role: u.role,
  refundLimit: u.refundLimit,
  sessionHash,
});

export class AuthService {
  private readonly perEmail = new FailureLimiter(5, 15 * 60_000);
  private readonly perAddress = new FailureLimiter(20, 15 * 60_000);

  constructor(
    private readonly storage: Storage,
    private readonly settings: AuthSettings = DEFAULT_AUTH_SETTINGS,
  ) {}

  private get now(): Date {
    return this.settings.now();
  }

  /**
   * Same answer for an unknown e-mail, a wrong password and a disabled account, in the same time;
   * rate-limited per e-mail and per address before any password is checked.
   */
  async login(email: string, password: string, address: string | null, userAgent: string | null): Promise<AuthResult<{ token: string; expiresAt: Date; principal: Principal }>> {
    const now = this.now.getTime();
    const emailKey = email.trim().toLowerCase();
    const wait = Math.max(this.perEmail.retryAfter(emailKey, now), address ? this.perAddress.retryAfter(address, now) : 0);
    const anonymous: Actor = { type: 'anonymous', id: null, label: emailKey, address };
    if (wait > 0) {
      await this.storage.audit.record(anonymous, { action: 'auth.login_rate_limited', detail: `sign-in refused for ${Math.ceil(wait / 1000)} s` });
      return failure(429, 'RATE_LIMITED', `too many failed sign-ins: try again in ${Math.ceil(wait / 60_000)} minute(s)`, { retryAfterSeconds: Math.ceil(wait / 1000) });
    }
    const user = await this.storage.auth.findUserByEmail(emailKey);
    const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !matches || user.disabledAt) {
      this.perEmail.fail(emailKey, now);
      if (address) this.perAddress.fail(address, now);
      await this.storage.audit.record(anonymous, {
        action: 'auth.login_failed',
        ...(user ? { objectType: 'user', objectId: user.id } : {}),
        detail: !user ? 'unknown e-mail' : user.disabledAt ? 'account disabled' : 'wrong password',
      });
      return failure(401, 'INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    this.perEmail.reset(emailKey);
    return { ok: true, value: await this.openSession(user, address, userAgent) };
  }

  /** A new server-side session for a person whose identity is already proven. */
  async openSession(user: UserRecord, address: string | null, userAgent: string | null): Promise<{ token: string; expiresAt: Date; principal: Principal }> {
    const token = randomSecret();
    const hash = secretHash(token);
    const created = this.now;
    const expiresAt = new Date(created.getTime() + this.settings.maxHours * 3_600_000);
    await this.storage.auth.createSession(
      { tokenHash: hash, userId: user.id, createdAt: created.toISOString(), lastSeenAt: created.toISOString(), expiresAt: expiresAt.toISOString(), address, userAgent, revokedAt: null },
      { type: 'user', id: user.id, label: user.email, address },
    );
    return { token, expiresAt, principal: principalOfUser(user, hash) };
  }

  async logout(principal: Principal, address: string | null): Promise<void> {
    if (principal.sessionHash) await this.storage.auth.revokeSession(principal.sessionHash, this.now.toISOString(), actorOf(principal, address));
  }

  /** The person behind a session cookie, if the session is still good. */
  async fromSession(token: string): Promise<Principal | null> {
    const hash = secretHash(token);
    const session = await this.storage.auth.getSession(hash);
    if (!session || session.revokedAt) return null;
    const now = this.now;
    if (Date.parse(session.expiresAt) <= now.getTime()) return null;
    if (Date.parse(session.lastSeenAt) + this.settings.idleMinutes * 60_000 <= now.getTime()) return null;
    const user = await this.storage.auth.getUser(session.userId);
    if (!user || user.disabledAt) return null;
    if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) await this.storage.auth.touchSession(hash, now.toISOString());
    return principalOfUser(user, hash);
  }

  /** The machine behind `Authorization: Bearer srt_...`, if the token is known, live and its creator still enabled. */
  async fromBearer(token: string): Promise<Principal | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const record = await this.storage.auth.findApiToken(secretHash(token));
    if (!record || record.revokedAt || Date.parse(record.expiresAt) <= this.now.getTime()) return null;
    const creator = await this.storage.auth.getUser(record.createdBy);
    if (!creator || creator.disabledAt) return null;
    if (!record.lastUsedAt || this.now.getTime() - Date.parse(record.lastUsedAt) > TOUCH_EVERY_MS) await this.storage.auth.touchApiToken(record.id, this.now.toISOString());
    return { via: 'token', userId: creator.id, tokenId: record.id, label: record.name, name: record.name, role: record.role, refundLimit: null, sessionHash: null };
  }

  /** `ADMIN_EMAIL`/`ADMIN_PASSWORD` at start: that administrator exists, enabled, with that password. */
  async ensureAdmin(email: string, password: string): Promise<'created' | 'updated' | 'unchanged'> {
    const weak = passwordWeakness(password, email);
    if (weak) throw new Error(`ADMIN_PASSWORD is too weak: ${weak}`);
    const system: Actor = { type: 'system', id: null, label: 'ADMIN_EMAIL at start', address: null };
    const existing = await this.storage.auth.findUserByEmail(email);
    if (!existing) {
      await this.storage.auth.createUser({ email, name: 'Administrator', role: 'admin', passwordHash: await hashPassword(password), refundLimit: null }, system, this.now.toISOString(), 'user.bootstrap_admin');
      return 'created';
    }
    const changes: UserChanges = {};
    if (existing.role !== 'admin') changes.role = 'admin';
    if (existing.disabledAt) changes.disabledAt = null;
    if (!(await verifyPassword(password, existing.passwordHash))) {
      changes.passwordHash = await hashPassword(password);
      changes.passwordChangedAt = this.now.toISOString();
    }
    if (Object.keys(changes).length === 0) return 'unchanged';
    await this.storage.auth.updateUser(existing.id, changes, system, 'user.bootstrap_admin', this.now.toISOString());
    return 'updated';
  }

  async createUser(input: { email: string; name: string; role: Role; password: string; refundLimit?: number | null }, actor: Actor): Promise<AuthResult<UserRecord>> {
    const weak = passwordWeakness(input.password, input.email);
    if (weak) return failure(400, 'WEAK_PASSWORD', `password refused: ${weak}`, { field: 'password' });
    if (await this.storage.auth.findUserByEmail(input.email)) return failure(409, 'EMAIL_TAKEN', `a user with e-mail ${input.email} already exists`, { field: 'email' });
    const user = await this.storage.auth.createUser(
      { email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password), refundLimit: input.refundLimit ?? null },
      actor,
      this.now.toISOString(),
    );
    return { ok: true, value: user };
  }

  async updateUser(id: number, changes: { name?: string; role?: Role; refundLimit?: number | null; disabled?: boolean }, actor: Actor): Promise<AuthResult<UserRecord>> {
    const user = await this.storage.auth.getUser(id);
    if (!user) return failure(404, 'NOT_FOUND', `user ${id} does not exist`);
    if (actor.type === 'user' && actor.id === id && (changes.disabled || (changes.role && changes.role !== user.role))) {
      return failure(403, 'SELF_CHANGE', 'you cannot disable yourself or change your own role: ask another administrator');
    }
    const { disabled, ...rest } = changes;
    const next: UserChanges = { ...rest };
    if (disabled !== undefined) next.disabledAt = disabled ? (user.disabledAt ?? this.now.toISOString()) : null;
    const action = disabled === true ? 'user.disable' : disabled === false && user.disabledAt ? 'user.enable' : 'user.update';
    const updated = await this.storage.auth.updateUser(id, next, actor, action, this.now.toISOString());
    return updated ? { ok: true, value: updated } : failure(404, 'NOT_FOUND', `user ${id} does not exist`);
  }

  async setPassword(id: number, password: string, actor: Actor): Promise<AuthResult<UserRecord>> {
    const user = await this.storage.auth.getUser(id);
    if (!user) return failure(404, 'NOT_FOUND', `user ${id} does not exist`);
    const weak = passwordWeakness(password, user.email);
    if (weak) return failure(400, 'WEAK_PASSWORD', `password refused: ${weak}`, { field: 'password' });
    const updated = await this.storage.auth.updateUser(id, { passwordHash: await hashPassword(password), passwordChangedAt: this.now.toISOString() }, actor, 'user.set_password', this.now.toISOString());
    return updated ? { ok: true, value: updated } : failure(404, 'NOT_FOUND', `user ${id} does not exist`);
  }

  async changeOwnPassword(principal: Principal, current: string, next: string, actor: Actor): Promise<AuthResult<UserRecord>> {
    const user = await this.storage.auth.getUser(principal.userId);
    if (!user || !(await verifyPassword(current, user.passwordHash))) return failure(400, 'WRONG_PASSWORD', 'the current password is not right', { field: 'currentPassword' });
    const weak = passwordWeakness(next, user.email);
    if (weak) return failure(400, 'WEAK_PASSWORD', `password refused: ${weak}`, { field: 'newPassword' });
    const updated = await this.storage.auth.updateUser(user.id, { passwordHash: await hashPassword(next), passwordChangedAt: this.now.toISOString() }, actor, 'user.change_own_password', this.now.toISOString());
    return { ok: true, value: updated! };
  }

  async createToken(creator: Principal, input: { name: string; role: Role; expiresInDays: number }, actor: Actor): Promise<{ token: string; record: ApiTokenRecord }> {
    const secret = `${TOKEN_PREFIX}${randomSecret()}`;
    const now = this.now;
    const record = await this.storage.auth.createApiToken(
      {
        name: input.name,
        tokenHash: secretHash(secret),
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        role: input.role,
        createdBy: creator.userId,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
      },
      actor,
    );
    return { token: secret, record };
  }

  revokeToken(id: number, actor: Actor): Promise<ApiTokenRecord | null> {
    return this.storage.auth.revokeApiToken(id, this.now.toISOString(), actor);
  }
}

import type { Role } from '../../../shared/roles';
import type { Actor, ApiTokenRecord, AuthStore, SessionRecord, UserChanges, UserRecord } from '../storage';
import type { Db } from './database';
import type { AuditWriter } from './audit-store';
import type { WriteQueue } from './write-queue';

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  refund_limit: number | null;
  password_hash: string;
  disabled_at: string | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

interface SessionRow {
  token_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  address: string | null;
  user_agent: string | null;
  revoked_at: string | null;
}

interface TokenRow {
  id: number;
  name: string;
  token_hash: string;
  prefix: string;
  role: Role;
  created_by: number;
  created_by_email: string;
  created_by_disabled_at: string | null;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  refundLimit: r.refund_limit,
  passwordHash: r.password_hash,
  disabledAt: r.disabled_at,
  passwordChangedAt: r.password_changed_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** What the audit log keeps of a user: never the password hash. */
export const auditedUser = (u: UserRecord) => ({ email: u.email, name: u.name, role: u.role, refundLimit: u.refundLimit, disabled: u.disabledAt !== null });

const toToken = (r: TokenRow): ApiTokenRecord => ({
  id: r.id,
  name: r.name,
  tokenHash: r.token_hash,
  prefix: r.prefix,
  role: r.role,
  createdBy: r.created_by,
  createdByLabel: r.created_by_email,
  createdByDisabled: r.created_by_disabled_at !== null,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

const TOKEN_SELECT = 'SELECT t.*, u.email AS created_by_email, u.disabled_at AS created_by_disabled_at FROM api_tokens t JOIN users u ON u.id = t.created_by';
const auditedToken = (t: ApiTokenRecord) => ({ name: t.name, prefix: t.prefix, role: t.role, expiresAt: t.expiresAt, revoked: t.revokedAt !== null });

export class SqliteAuthStore implements AuthStore {
  private readonly stmt;

  constructor(
    db: Db,
    private readonly writes: WriteQueue,
    private readonly audit: AuditWriter,
  ) {
    this.stmt = {
      userByEmail: db.prepare('SELECT * FROM users WHERE email = ?'),
      userById: db.prepare('SELECT * FROM users WHERE id = ?'),
      users: db.prepare('SELECT * FROM users ORDER BY email'),
      insertUser: db.prepare(`INSERT INTO users (email, name, role, password_hash, refund_limit, password_changed_at, created_at, updated_at)
        VALUES (@email, @name, @role, @passwordHash, @refundLimit, @now, @now, @now)`),
      updateUser: db.prepare(`UPDATE users SET name = @name, role = @role, refund_limit = @refundLimit, disabled_at = @disabledAt,
        password_hash = @passwordHash, password_changed_at = @passwordChangedAt, updated_at = @now WHERE id = @id`),
      revokeUserSessions: db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL'),
      insertSession: db.prepare(`INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, address, user_agent)
        VALUES (@tokenHash, @userId, @createdAt, @lastSeenAt, @expiresAt, @address, @userAgent)`),
      session: db.prepare('SELECT * FROM sessions WHERE token_hash = ?'),
      touchSession: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?'),
      revokeSession: db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL'),
      insertToken: db.prepare(`INSERT INTO api_tokens (name, token_hash, prefix, role, created_by, created_at, expires_at)
        VALUES (@name, @tokenHash, @prefix, @role, @createdBy, @createdAt, @expiresAt)`),
      tokenByHash: db.prepare(`${TOKEN_SELECT} WHERE t.token_hash = ?`),
      tokenById: db.prepare(`${TOKEN_SELECT} WHERE t.id = ?`),
      tokens: db.prepare(`${TOKEN_SELECT} ORDER BY t.id DESC`),
      revokeToken: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      touchToken: db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    };
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const r = this.stmt.userByEmail.get(email.trim()) as UserRow | undefined;
    return r ? toUser(r) : null;
  }

  async getUser(id: number): Promise<UserRecord | null> {
    const r = this.stmt.userById.get(id) as UserRow | undefined;
    return r ? toUser(r) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.stmt.users.all() as UserRow[]).map(toUser);
  }

  createUser(user: Parameters<AuthStore['createUser']>[0], actor: Actor, now: string, action = 'user.create'): Promise<UserRecord> {
    return this.writes.run(() => {
      const id = Number(this.stmt.insertUser.run({ ...user, email: user.email.trim().toLowerCase(), now }).lastInsertRowid);
      const created = toUser(this.stmt.userById.get(id) as UserRow);
      this.audit(actor, { action, objectType: 'user', objectId: id, after: auditedUser(created) }, now);
      return created;
    });
  }

  updateUser(id: number, changes: UserChanges, actor: Actor, action: string, now: string): Promise<UserRecord | null> {
    return this.writes.run(() => {
      const row = this.stmt.userById.get(id) as UserRow | undefined;
      if (!row) return null;
      const before = toUser(row);
      const next = { ...before, ...changes };
      if ((Object.keys(changes) as (keyof UserChanges)[]).every((k) => changes[k] === before[k])) return before;
      this.stmt.updateUser.run({ ...next, id, now });
      const passwordChanged = changes.passwordHash !== undefined && changes.passwordHash !== before.passwordHash;
      const disabled = changes.disabledAt != null && before.disabledAt === null;
      const revoked = passwordChanged || disabled ? this.stmt.revokeUserSessions.run(now, id).changes : 0;
      const after = toUser(this.stmt.userById.get(id) as UserRow);
      this.audit(
        actor,
        {
          action,
          objectType: 'user',
          objectId: id,
          before: auditedUser(before),
          after: auditedUser(after),
          ...(passwordChanged || revoked ? { detail: [passwordChanged && 'password changed', revoked && `${revoked} session(s) revoked`].filter(Boolean).join('; ') } : {}),
        },
        now,
      );
      return after;
    });
  }

  createSession(session: SessionRecord, actor: Actor): Promise<void> {
    return this.writes.run(() => {
      this.stmt.insertSession.run(session);
      this.audit(actor, { action: 'auth.login', objectType: 'user', objectId: session.userId }, session.createdAt);
    });
  }

  async getSession(tokenHash: string): Promise<SessionRecord | null> {
    const r = this.stmt.session.get(tokenHash) as SessionRow | undefined;
    return r
      ? {
          tokenHash: r.token_hash,
          userId: r.user_id,
          createdAt: r.created_at,
          lastSeenAt: r.last_seen_at,
          expiresAt: r.expires_at,
          address: r.address,
          userAgent: r.user_agent,
          revokedAt: r.revoked_at,
        }
      : null;
  }

  touchSession(tokenHash: string, at: string): Promise<void> {
    return this.writes.run(() => void this.stmt.touchSession.run(at, tokenHash));
  }

  revokeSession(tokenHash: string, at: string, actor: Actor): Promise<void> {
    return this.writes.run(() => {
      if (this.stmt.revokeSession.run(at, tokenHash).changes) this.audit(actor, { action: 'auth.logout', objectType: 'user', objectId: actor.id ?? undefined }, at);
    });
  }

  createApiToken(token: Parameters<AuthStore['createApiToken']>[0], actor: Actor): Promise<ApiTokenRecord> {
    return this.writes.run(() => {
      const id = Number(this.stmt.insertToken.run(token).lastInsertRowid);
      const created = toToken(this.stmt.tokenById.get(id) as TokenRow);
      this.audit(actor, { action: 'token.create', objectType: 'api_token', objectId: id, after: auditedToken(created) }, token.createdAt);
      return created;
    });
  }

  async findApiToken(tokenHash: string): Promise<ApiTokenRecord | null> {
    const r = this.stmt.tokenByHash.get(tokenHash) as TokenRow | undefined;
    return r ? toToken(r) : null;
  }

  async listApiTokens(): Promise<ApiTokenRecord[]> {
    return (this.stmt.tokens.all() as TokenRow[]).map(toToken);
  }

  revokeApiToken(id: number, at: string, actor: Actor): Promise<ApiTokenRecord | null> {
    return this.writes.run(() => {
      const row = this.stmt.tokenById.get(id) as TokenRow | undefined;
      if (!row) return null;
      if (this.stmt.revokeToken.run(at, id).changes) {
        const after = toToken(this.stmt.tokenById.get(id) as TokenRow);
        this.audit(actor, { action: 'token.revoke', objectType: 'api_token', objectId: id, before: auditedToken(toToken(row)), after: auditedToken(after) }, at);
        return after;
      }
      return toToken(row);
    });
  }

  touchApiToken(id: number, at: string): Promise<void> {
    return this.writes.run(() => void this.stmt.touchToken.run(at, id));
  }
}

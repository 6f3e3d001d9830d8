import type { AuditEntry, AuditList, AuditQuery } from '../../../shared/api-auth';
import type { Actor, AuditRecord, AuditStore } from '../storage';
import type { Db } from './database';
import { likeLiteral } from './like';
import type { WriteQueue } from './write-queue';

interface AuditRow {
  id: number;
  at: string;
  actor_type: AuditEntry['actor']['type'];
  actor_id: number | null;
  actor_label: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  before: string | null;
  after: string | null;
  detail: string | null;
  address: string | null;
}

/** Appends audit rows; called inside the transaction of the change it records. */
export type AuditWriter = (actor: Actor, entry: AuditRecord, at?: string) => void;

export function auditWriter(db: Db): AuditWriter {
  const insert = db.prepare(`INSERT INTO audit_log (at, actor_type, actor_id, actor_label, action, object_type, object_id, before,
    after, detail, address) VALUES (@at, @actorType, @actorId, @actorLabel, @action, @objectType, @objectId, @before, @after,
    @detail, @address)`);
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  return (actor, entry, at = new Date().toISOString()) => {
    insert.run({
      at,
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      action: entry.action,
      objectType: entry.objectType ?? null,
      objectId: entry.objectId === undefined ? null : String(entry.objectId),
      before: json(entry.before),
      after: json(entry.after),
      detail: entry.detail ?? null,
      address: actor.address,
    });
  };
}

export class SqliteAuditStore implements AuditStore {
  constructor(
    private readonly db: Db,
    private readonly writes: WriteQueue,
    private readonly write: AuditWriter,
  ) {}

  record(actor: Actor, entry: AuditRecord): Promise<void> {
    return this.writes.run(() => this.write(actor, entry));
  }

  async list(q: AuditQuery): Promise<AuditList> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit, offset: q.offset };
    if (q.action) (where.push("action LIKE @action ESCAPE '\\'"), (params.action = `${likeLiteral(q.action)}%`));
    if (q.actor) (where.push("actor_label LIKE @actor ESCAPE '\\'"), (params.actor = `%${likeLiteral(q.actor)}%`));
    if (q.objectType) (where.push('object_type = @objectType'), (params.objectType = q.objectType));
    if (q.objectId) (where.push('object_id = @objectId'), (params.objectId = q.objectId));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db.prepare(`SELECT count(*) FROM audit_log ${clause}`).pluck().get(params) as number;
    const rows = this.db.prepare(`SELECT * FROM audit_log ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`).all(params) as AuditRow[];
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        at: r.at,
        actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        before: r.before === null ? null : JSON.parse(r.before),
        after: r.after === null ? null : JSON.parse(r.after),
        detail: r.detail,
        address: r.address,
      })),
    };
  }
}

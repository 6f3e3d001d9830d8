import type { Anomaly } from '../../../shared/api';
import type { ImportCounts, ImportDetail, ImportError, ImportList, ImportsQuery, ImportSummary, ReportLine } from '../../../shared/api-imports';
import type { Profile, ReportKind, ReportOperation } from '../../../shared/import-profile';
import type { PartKind, PartStatus, Psp } from '../../../shared/psp';
import type { PartObservation } from '../../domain/observation';
import { OPERATION_STATUS } from '../../domain/part-state';
import type { Actor, ImportStore, NewImport, StagedLine, Staging } from '../storage';
import type { AuditWriter } from './audit-store';
import type { Db } from './database';
import { OrderWriter, type OrderRef } from './order-writer';
import type { WriteQueue } from './write-queue';

interface ImportRow {
  id: number;
  file_name: string;
  sha256: string;
  size: number;
  stored_as: string;
  channel: ImportSummary['channel'];
  account_id: string | null;
  psp: Psp | null;
  profile: string | null;
  kind: ReportKind | null;
  status: ImportSummary['status'];
  duplicate_of: number | null;
  rows: number;
  new_rows: number;
  confirmed: number;
  unchanged: number;
  unmatched: number;
  discrepancies: number;
  error_count: number;
  errors: string;
  more_errors: number;
  message: string | null;
  actor: string;
  received_at: string;
  finished_at: string | null;
  duration_ms: number | null;
}

interface LineRow {
  id: number;
  account_id: string;
  kind: ReportKind;
  import_id: number;
  line: number;
  group_key: string;
  part_key: string;
  part_kind: PartKind;
  transaction_id: string | null;
  reference: string | null;
  call_number: string | null;
  brand: string;
  operation: ReportOperation | null;
  succeeded: number | null;
  status: PartStatus | null;
  amount: number;
  currency: string;
  occurred_at: string | null;
  response_code: string | null;
  authorisation_id: string | null;
  masked_pan: string | null;
  order_amount: number | null;
  anomalies: string;
  match: ReportLine['match'];
  outside: number;
  order_id: number | null;
  part_id: number | null;
  note: string | null;
}

interface PartRow {
  id: number;
  order_id: number;
  part_key: string;
  kind: PartKind;
  brand: string;
  amount: number;
  currency: string;
  status: PartStatus;
  psp_transaction_id: string | null;
  authorisation_id: string | null;
  masked_pan: string | null;
}

const STAGE_COLUMNS = `row_key, line, group_key, part_key, part_kind, transaction_id, reference, call_number, brand, operation, succeeded,
  status, amount, currency, occurred_at, response_code, authorisation_id, masked_pan, order_amount, anomalies, data`;

type LineOutcome = 'created' | 'confirmed' | 'differs' | 'operation' | 'unmatched';
const OUTCOME_WEIGHT: Record<LineOutcome, number> = { confirmed: 0, created: 1, operation: 1, unmatched: 2, differs: 3 };

/** Anomalies a report line brings when it disagrees with what the part's other sources said. */
const DISAGREEMENTS = ['PART_AMOUNT_DIFFERS', 'PART_STATUS_CONFLICT'];

/** Errors kept per import: enough to fix a file, bounded so a wholly wrong file cannot flood the database. */
export const MAX_IMPORT_ERRORS = 100;

export class SqliteImportStore implements ImportStore {
  private readonly orders: OrderWriter;
  private readonly stmt;
  private staged = 0;

  constructor(
    private readonly db: Db,
    private readonly writes: WriteQueue,
    private readonly audit: AuditWriter,
  ) {
    this.orders = new OrderWriter(db);
    this.stmt = {
      insert: db.prepare(`INSERT INTO import_files (file_name, sha256, size, stored_as, channel, account_id, actor, received_at)
        VALUES (@fileName, @sha256, @size, @storedAs, @channel, @accountId, @actor, @receivedAt)`),
      byId: db.prepare('SELECT * FROM import_files WHERE id = ?'),
      applied: db.prepare("SELECT * FROM import_files WHERE sha256 = @sha256 AND status = 'applied' AND (@accountId IS NULL OR account_id = @accountId) ORDER BY id LIMIT 1"),
      identify: db.prepare(`UPDATE import_files SET account_id = @accountId, psp = @psp, profile = @profile, kind = @kind,
        status = 'processing' WHERE id = @id`),
      finish: db.prepare(`UPDATE import_files SET status = @status, duplicate_of = @duplicateOf, rows = @rows, new_rows = @new,
        confirmed = @confirmed, unchanged = @unchanged, unmatched = @unmatched, discrepancies = @discrepancies, error_count = @errorCount,
        errors = @errors, more_errors = @moreErrors, message = @message, finished_at = @finishedAt, duration_ms = @durationMs WHERE id = @id`),
      // A repeat says what it repeats: the account, profile and kind of the earlier import.
      sameAs: db.prepare(`UPDATE import_files SET (account_id, psp, profile, kind) = (SELECT account_id, psp, profile, kind FROM import_files
        WHERE id = @of) WHERE id = @id`),
      orderByKey: db.prepare('SELECT id FROM orders WHERE account_id = ? AND group_key = ?'),
      partByKey: db.prepare('SELECT * FROM parts WHERE order_id = ? AND part_key = ?'),
      partByTransaction: db.prepare(`SELECT p.* FROM parts p JOIN orders o ON o.id = p.order_id
        WHERE p.psp_transaction_id = ? AND o.account_id = ? AND p.kind = ? ORDER BY p.id LIMIT 1`),
      issuedHere: db.prepare(`SELECT 1 FROM part_events WHERE part_id = ? AND source = 'operation'
        AND json_extract(data, '$.operation.type') = ? AND json_extract(data, '$.operation.amount') = ? LIMIT 1`),
      matchLine: db.prepare('UPDATE report_lines SET match = @match, outside = @outside, order_id = @orderId, part_id = @partId, note = @note WHERE id = @id'),
      unmatchedOf: db.prepare("SELECT * FROM report_lines WHERE account_id = ? AND match = 'unmatched' AND import_id <> ? ORDER BY id"),
      newLines: db.prepare('SELECT * FROM report_lines WHERE import_id = ? AND id > ? ORDER BY id LIMIT 5000'),
      unmatchedLines: db.prepare(`SELECT * FROM report_lines WHERE import_id = ? AND match = 'unmatched' ORDER BY id LIMIT 200`),
      customProfiles: db.prepare('SELECT definition, updated_by, updated_at FROM import_profiles ORDER BY name'),
      saveProfile: db.prepare(`INSERT INTO import_profiles (name, definition, updated_by, updated_at) VALUES (@name, @definition, @updatedBy, @updatedAt)
        ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
    };
  }

  create(file: NewImport): Promise<number> {
    return this.writes.run(() => Number(this.stmt.insert.run({ ...file, actor: file.actor.label }).lastInsertRowid));
  }

  async findApplied(sha256: string, accountId?: string): Promise<ImportSummary | null> {
    const row = this.stmt.applied.get({ sha256, accountId: accountId ?? null }) as ImportRow | undefined;
    return row ? summary(row) : null;
  }

  identify(id: number, found: { accountId: string; psp: Psp; profile: string; kind: ReportKind }): Promise<void> {
    return this.writes.run(() => void this.stmt.identify.run({ id, ...found }));
  }

  markDuplicate(id: number, of: number, actor: Actor): Promise<void> {
    return this.writes.run(() => {
      this.duplicate(id, of);
      this.audit(actor, { action: 'import.duplicate', objectType: 'import', objectId: id, detail: `same bytes as import #${of}` });
    });
  }

  fail(id: number, f: { rows: number; errors: ImportError[]; moreErrors: boolean; message: string; startedAt: number }, actor: Actor): Promise<void> {
    return this.writes.run(() => {
      this.finish(id, {
        status: 'failed',
        rows: f.rows,
        errorCount: f.errors.length,
        errors: JSON.stringify(f.errors.slice(0, MAX_IMPORT_ERRORS)),
        moreErrors: f.moreErrors ? 1 : 0,
        message: f.message,
        durationMs: Date.now() - f.startedAt,
      });
      this.audit(actor, { action: 'import.refused', objectType: 'import', objectId: id, detail: f.message });
    });
  }

  private duplicate(id: number, of: number): void {
    this.stmt.sameAs.run({ id, of });
    this.finish(id, { status: 'duplicate', duplicateOf: of, message: `the same file (same SHA-256) was imported as #${of}; nothing changed` });
  }

  private finish(id: number, values: Partial<Record<string, unknown>>): void {
    this.stmt.finish.run({
      id,
      duplicateOf: null,
      rows: 0,
      new: 0,
      confirmed: 0,
      unchanged: 0,
      unmatched: 0,
      discrepancies: 0,
      errorCount: 0,
      errors: '[]',
      moreErrors: 0,
      message: null,
      durationMs: null,
      finishedAt: new Date().toISOString(),
      ...values,
    });
  }

  /**
   * Staged rows go to a TEMP table of this connection: unindexed, outside the main database and its
   * write lock, so reading a large file blocks no notification; the merge then is one set-based insert.
   */
  stage(id: number): Staging {
    const table = `temp.stage_${id}_${++this.staged}`;
    this.db.exec(`CREATE TABLE ${table} (${STAGE_COLUMNS})`);
    const insert = this.db.prepare(`INSERT INTO ${table} (${STAGE_COLUMNS}) VALUES (@rowKey, @line, @groupKey, @partKey, @partKind,
      @transactionId, @reference, @callNumber, @brand, @operation, @succeeded, @status, @amount, @currency, @occurredAt, @responseCode,
      @authorisationId, @maskedPan, @orderAmount, @anomalies, @data)`);
    const addAll = this.db.transaction((lines: readonly StagedLine[]) => {
      for (const l of lines) insert.run(l);
    });
    const drop = () => void this.db.exec(`DROP TABLE IF EXISTS ${table}`);
    return {
      add: async (lines) => addAll(lines),
      discard: async () => drop(),
      merge: (target) =>
        this.writes.run(() => {
          try {
            return this.merge(id, table, target);
          } finally {
            drop();
          }
        }),
    };
  }

  /** One transaction (the write queue's): new lines in, each applied to its part, the import closed, the audit row written. */
  private merge(id: number, table: string, t: { accountId: string; kind: ReportKind; rows: number; actor: Actor; startedAt: number }): { counts: ImportCounts } | { duplicateOf: number } {
    const sha256 = (this.stmt.byId.get(id) as ImportRow).sha256;
    const earlier = this.stmt.applied.get({ sha256, accountId: t.accountId }) as ImportRow | undefined;
    if (earlier) {
      this.duplicate(id, earlier.id);
      return { duplicateOf: earlier.id };
    }
    // Sorted by key, the unique index is filled in order: far cheaper than random inserts.
    this.db
      .prepare(`INSERT INTO report_lines (account_id, kind, import_id, ${STAGE_COLUMNS}) SELECT @accountId, @kind, @id, ${STAGE_COLUMNS}
        FROM ${table} WHERE true ORDER BY row_key ON CONFLICT (account_id, kind, row_key) DO NOTHING`)
      .run({ accountId: t.accountId, kind: t.kind, id });

    const now = new Date().toISOString();
    const touched = new Map<number, { order: OrderRef; anomalies: Anomaly[] }>();
    // A file row may speak of two parts (a Sips SPLIT): the row counts once, by its most telling outcome.
    const byRow = new Map<number, LineOutcome>();
    // In pages: SQLite cannot write on a connection while a read of it is still open.
    for (let page: LineRow[], after = 0; (page = this.stmt.newLines.all(id, after) as LineRow[]).length > 0; after = page[page.length - 1]!.id) {
      for (const line of page) {
        const outcome = this.applyLine(line, now, touched);
        const previous = byRow.get(line.line);
        if (!previous || OUTCOME_WEIGHT[outcome] > OUTCOME_WEIGHT[previous]) byRow.set(line.line, outcome);
      }
    }
    const tally = (o: LineOutcome) => [...byRow.values()].filter((x) => x === o).length;
    const counts: ImportCounts = {
      rows: t.rows,
      new: tally('created') + tally('operation'),
      confirmed: tally('confirmed'),
      // Rows whose every line an earlier file already brought.
      unchanged: t.rows - byRow.size,
      unmatched: tally('unmatched'),
      discrepancies: tally('differs'),
      errors: 0,
    };
    // Lines an earlier file could not place may belong to parts this file brought.
    for (const line of this.stmt.unmatchedOf.all(t.accountId, id) as LineRow[]) this.applyLine(line, now, touched);
    for (const { order, anomalies } of touched.values()) this.orders.recomputeOrder(order, anomalies, now);

    this.finish(id, {
      status: 'applied',
      rows: t.rows,
      new: counts.new,
      confirmed: counts.confirmed,
      unchanged: counts.unchanged,
      unmatched: counts.unmatched,
      discrepancies: counts.discrepancies,
      durationMs: Date.now() - t.startedAt,
    });
    this.audit(t.actor, { action: 'import.applied', objectType: 'import', objectId: id, after: counts });
    return { counts };
  }

  /** Places one report line on its part (creating the part for a transaction never notified) and records it as an event. */
  private applyLine(line: LineRow, now: string, touched: Map<number, { order: OrderRef; anomalies: Anomaly[] }>): LineOutcome {
    const anomalies = JSON.parse(line.anomalies) as Anomaly[];
    const origin = { inboxId: null, reportLineId: line.id };
    const part = this.findPart(line);

    if (line.kind === 'operations') {
      if (!part) return 'unmatched';
      const operation = { type: line.operation!, amount: line.amount, succeeded: line.succeeded === 1, outside: !this.stmt.issuedHere.get(part.id, line.operation, line.amount) };
      const status = (operation.succeeded && OPERATION_STATUS[operation.type]) || part.status;
      const observation: PartObservation = {
        partKey: part.part_key,
        kind: part.kind,
        brand: part.brand,
        amount: part.amount,
        currency: part.currency,
        status,
        responseCode: line.response_code,
        message: `${operation.type}${operation.succeeded ? '' : ' failed'}${operation.outside ? ', done outside this product' : ''}`,
        pspTransactionId: part.psp_transaction_id,
        authorisationId: part.authorisation_id,
        maskedPan: part.masked_pan,
        occurredAt: line.occurred_at,
        captureDelayDays: null,
        anomalies: [],
      };
      this.orders.addPartEvent(part.order_id, origin, 'operations_report', { observation, orderAnomalies: [], operation }, now);
      this.touch(touched, part.order_id, []);
      this.stmt.matchLine.run({ id: line.id, match: 'confirmed', outside: operation.outside ? 1 : 0, orderId: part.order_id, partId: part.id, note: null });
      return 'operation';
    }

    const observation: PartObservation = {
      partKey: part?.part_key ?? line.part_key,
      kind: line.part_kind,
      brand: line.brand,
      amount: line.amount,
      currency: line.currency,
      status: line.status!,
      responseCode: line.response_code,
      message: null,
      pspTransactionId: line.transaction_id,
      authorisationId: line.authorisation_id,
      maskedPan: line.masked_pan,
      occurredAt: line.occurred_at,
      captureDelayDays: null,
      anomalies: [],
    };
    const order = part
      ? this.orders.orderById(part.order_id)
      : this.orders.upsertOrder({
          accountId: line.account_id,
          psp: this.pspOf(line),
          groupKey: line.group_key,
          reference: line.reference,
          callNumber: line.call_number,
          currency: line.currency,
          expectedAmount: line.order_amount,
          customerEmail: null,
          createdAt: line.occurred_at ?? now,
        });
    const result = this.orders.addPartEvent(order.id, origin, 'transactions_report', { observation, orderAnomalies: anomalies }, now);
    this.touch(touched, order.id, anomalies, order);
    const brought = result.state.anomalies.filter((a) => DISAGREEMENTS.includes(a.code) && !result.anomaliesBefore.includes(a.code));
    const match = result.created ? 'created' : brought.length ? 'differs' : 'confirmed';
    this.stmt.matchLine.run({ id: line.id, match, outside: 0, orderId: order.id, partId: result.partId, note: brought.map((a) => a.message).join('; ') || null });
    return match;
  }

  private findPart(line: LineRow): PartRow | null {
    const order = line.group_key ? (this.stmt.orderByKey.get(line.account_id, line.group_key) as { id: number } | undefined) : undefined;
    const byKey = order ? (this.stmt.partByKey.get(order.id, line.part_key) as PartRow | undefined) : undefined;
    if (byKey) return byKey;
    if (!line.transaction_id) return null;
    return (this.stmt.partByTransaction.get(line.transaction_id, line.account_id, line.part_kind) as PartRow | undefined) ?? null;
  }

  private touch(touched: Map<number, { order: OrderRef; anomalies: Anomaly[] }>, orderId: number, anomalies: Anomaly[], order?: OrderRef): void {
    const entry = touched.get(orderId);
    if (entry) entry.anomalies.push(...anomalies);
    else touched.set(orderId, { order: order ?? this.orders.orderById(orderId), anomalies: [...anomalies] });
  }

  private pspOf(line: LineRow): Psp {
    return (this.stmt.byId.get(line.import_id) as ImportRow).psp!;
  }

  async list(q: ImportsQuery): Promise<ImportList> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit, offset: q.offset };
    if (q.status) (where.push('status = @status'), (params.status = q.status));
    if (q.account) (where.push('account_id = @account'), (params.account = q.account));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db.prepare(`SELECT count(*) FROM import_files ${clause}`).pluck().get(params) as number;
    const rows = this.db.prepare(`SELECT * FROM import_files ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`).all(params) as ImportRow[];
    return { items: rows.map(summary), total };
  }

  async get(id: number): Promise<ImportDetail | null> {
    const row = this.stmt.byId.get(id) as ImportRow | undefined;
    if (!row) return null;
    return {
      ...summary(row),
      errors: JSON.parse(row.errors) as ImportError[],
      moreErrors: row.more_errors === 1,
      unmatchedLines: (this.stmt.unmatchedLines.all(id) as LineRow[]).map(reportLine),
    };
  }

  async customProfiles() {
    return (this.stmt.customProfiles.all() as { definition: string; updated_by: string; updated_at: string }[]).map((r) => ({ definition: r.definition, updatedBy: r.updated_by, updatedAt: r.updated_at }));
  }

  saveProfile(profile: Profile, actor: Actor): Promise<void> {
    return this.writes.run(() => {
      this.stmt.saveProfile.run({ name: profile.name, definition: JSON.stringify(profile), updatedBy: actor.label, updatedAt: new Date().toISOString() });
      this.audit(actor, { action: 'import_profile.saved', objectType: 'import_profile', objectId: profile.name, after: profile });
    });
  }
}

function summary(r: ImportRow): ImportSummary {
  return {
    id: r.id,
    fileName: r.file_name,
    sha256: r.sha256,
    size: r.size,
    accountId: r.account_id,
    psp: r.psp,
    profile: r.profile,
    kind: r.kind,
    channel: r.channel,
    status: r.status,
    duplicateOf: r.duplicate_of,
    counts: { rows: r.rows, new: r.new_rows, confirmed: r.confirmed, unchanged: r.unchanged, unmatched: r.unmatched, discrepancies: r.discrepancies, errors: r.error_count },
    message: r.message,
    actor: r.actor,
    receivedAt: r.received_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    progress: null,
  };
}

export function reportLine(r: LineRow): ReportLine {
  return {
    id: r.id,
    line: r.line,
    kind: r.kind,
    transactionId: r.transaction_id,
    reference: r.reference,
    operation: r.operation,
    status: r.status,
    amount: r.amount,
    currency: r.currency,
    occurredAt: r.occurred_at,
    match: r.match,
    outside: r.outside === 1,
    orderId: r.order_id,
    partId: r.part_id,
    note: r.note,
  };
}

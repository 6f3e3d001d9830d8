import type { Anomaly } from '../../../shared/api';
import type { ImportCounts, ImportDetail, ImportError, ImportList, ImportsQuery, ImportSummary, ReportLine } from '../../../shared/api-imports';
import type { Profile, ReportKind, ReportOperation } from '../../../shared/import-profile';
import { ACCEPTED_STATUSES, type PartKind, type PartStatus, type Psp } from '../../../shared/psp';
import { addDays, parisDayStart } from '../../../shared/time';
import type { PartObservation } from '../../domain/observation';
import type { AcceptedFile, Actor, ImportStore, KeptRow, MergeTarget, NewImport, StagedLine, Staging } from '../storage';
import type { AuditWriter } from './audit-store';
import type { Db } from './database';
import { OrderWriter, type OperatedPart } from './order-writer';
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
  accepted_at: string | null;
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

/** A part as a report line is placed on it. */
type PartRow = OperatedPart & { id: number };

/** A staged line's fields, in the staging table's column order (the same names in snake case). */
const STAGED_FIELDS = ['rowKey', 'line', 'groupKey', 'partKey', 'partKind', 'transactionId', 'reference', 'callNumber', 'brand', 'operation', 'succeeded',
  'status', 'amount', 'currency', 'occurredAt', 'responseCode', 'authorisationId', 'maskedPan', 'orderAmount', 'anomalies'] as const satisfies readonly (keyof StagedLine)[];
const STAGE_COLUMNS = STAGED_FIELDS.map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join(', ');

const ACCEPTED = ACCEPTED_STATUSES.map((s) => `'${s}'`).join(', ');

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
    /** False sends every line through the domain one by one: the reference the set-based path is tested against. */
    private readonly createInBulk = true,
  ) {
    this.orders = new OrderWriter(db);
    this.stmt = {
      insert: db.prepare(`INSERT INTO import_files (file_name, sha256, size, stored_as, channel, account_id, actor, received_at)
        VALUES (@fileName, @sha256, @size, @storedAs, @channel, @accountId, @actor, @receivedAt)`),
      byId: db.prepare('SELECT * FROM import_files WHERE id = ?'),
      applied: db.prepare("SELECT * FROM import_files WHERE sha256 = @sha256 AND status = 'applied' AND (@accountId IS NULL OR account_id = @accountId) ORDER BY id LIMIT 1"),
      // An earlier file with the same bytes, applied or on its way (accepted: checked, being applied).
      earlier: db.prepare(`SELECT * FROM import_files WHERE sha256 = @sha256 AND status IN ('accepted', 'applied') AND id < @before
        AND (@accountId IS NULL OR account_id = @accountId) ORDER BY id LIMIT 1`),
      accept: db.prepare(`UPDATE import_files SET status = 'accepted', rows = @rows, header = @header, covers_from = @coversFrom,
        covers_to = @coversTo, accepted_at = @acceptedAt WHERE id = @id`),
      keepRow: db.prepare('INSERT INTO report_rows (import_id, line, data) VALUES (?, ?, ?)'),
      dropRows: db.prepare('DELETE FROM report_rows WHERE import_id = ?'),
      unfinished: db.prepare("SELECT * FROM import_files WHERE status IN ('received', 'processing', 'accepted') ORDER BY id"),
      identify: db.prepare(`UPDATE import_files SET account_id = @accountId, psp = @psp, profile = @profile, kind = @kind,
        status = 'processing' WHERE id = @id`),
      finish: db.prepare(`UPDATE import_files SET status = @status, duplicate_of = @duplicateOf, rows = @rows, new_rows = @new,
        confirmed = @confirmed, unchanged = @unchanged, unmatched = @unmatched, discrepancies = @discrepancies, error_count = @errorCount,
        errors = @errors, more_errors = @moreErrors, message = @message, header = @header, covers_from = @coversFrom, covers_to = @coversTo, finished_at = @finishedAt, duration_ms = @durationMs WHERE id = @id`),
      // A repeat says what it repeats: the account, profile and kind of the earlier import.
      sameAs: db.prepare(`UPDATE import_files SET (account_id, psp, profile, kind) = (SELECT account_id, psp, profile, kind FROM import_files
        WHERE id = @of) WHERE id = @id`),
      orderByKey: db.prepare('SELECT id FROM orders WHERE account_id = ? AND group_key = ?'),
      partByKey: db.prepare('SELECT * FROM parts WHERE order_id = ? AND part_key = ?'),
      partById: db.prepare('SELECT * FROM parts WHERE id = ?'),
      partByTransaction: db.prepare(`SELECT p.* FROM parts p JOIN orders o ON o.id = p.order_id
        WHERE p.psp_transaction_id = ? AND o.account_id = ? AND p.kind = ? ORDER BY p.id LIMIT 1`),
      // Issued here: recorded on the part (done), or still in flight (its answer lost, or not back yet).
      issuedHere: db.prepare(`SELECT 1 FROM part_events WHERE part_id = @partId AND source = 'operation'
        AND json_extract(data, '$.operation.type') = @type AND json_extract(data, '$.operation.amount') = @amount
        UNION ALL SELECT 1 FROM operations WHERE part_id = @partId AND type = @type AND amount = @amount AND state IN ('pending', 'unknown') LIMIT 1`),
      matchLine: db.prepare('UPDATE report_lines SET match = @match, outside = @outside, order_id = @orderId, part_id = @partId, note = @note WHERE id = @id'),
      unmatchedOf: db.prepare("SELECT * FROM report_lines WHERE account_id = ? AND match = 'unmatched' AND import_id <> ? ORDER BY id"),
      pendingLines: db.prepare("SELECT * FROM report_lines WHERE import_id = ? AND match = 'unmatched' AND id > ? ORDER BY id LIMIT 5000"),
      unmatchedLines: db.prepare(`SELECT * FROM report_lines WHERE import_id = ? AND match = 'unmatched' ORDER BY id LIMIT 200`),
      customProfiles: db.prepare('SELECT definition, updated_by, updated_at FROM import_profiles ORDER BY name'),
      saveProfile: db.prepare(`INSERT INTO import_profiles (name, definition, updated_by, updated_at) VALUES (@name, @definition, @updatedBy, @updatedAt)
        ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_by = excluded.updated_by, updated_at = excluded.updated_at`),
    };
  }

  create(file: NewImport): Promise<number> {
    return this.writes.run(() => Number(this.stmt.insert.run({ ...file, actor: file.actor.label }).lastInsertRowid));
  }

  async findEarlier(id: number, sha256: string, accountId?: string): Promise<ImportSummary | null> {
    const row = this.stmt.earlier.get({ sha256, accountId: accountId ?? null, before: id }) as ImportRow | undefined;
    return row ? summary(row) : null;
  }

  accept(id: number, checked: AcceptedFile): Promise<void> {
    return this.writes.run(() => {
      this.stmt.accept.run({ id, rows: checked.rows, header: JSON.stringify(checked.header), coversFrom: checked.covers?.from ?? null, coversTo: checked.covers?.to ?? null, acceptedAt: new Date().toISOString() });
    });
  }

  async unfinished(): Promise<(ImportSummary & { storedAs: string })[]> {
    return (this.stmt.unfinished.all() as ImportRow[]).map((r) => ({ ...summary(r), storedAs: r.stored_as }));
  }

  identify(id: number, found: { accountId: string; psp: Psp; profile: string; kind: ReportKind }): Promise<void> {
    return this.writes.run(() => {
      this.stmt.identify.run({ id, ...found });
      // Taken up again after a stop, the file is read from its start.
      this.stmt.dropRows.run(id);
    });
  }

  keepRows(id: number, rows: readonly KeptRow[]): Promise<void> {
    return this.writes.run(() => {
      for (const r of rows) this.stmt.keepRow.run(id, r.line, r.data);
    });
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
      this.stmt.dropRows.run(id);
      this.audit(actor, { action: 'import.refused', objectType: 'import', objectId: id, detail: f.message });
    });
  }

  private duplicate(id: number, of: number): void {
    this.stmt.sameAs.run({ id, of });
    this.stmt.dropRows.run(id);
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
      header: null,
      coversFrom: null,
      coversTo: null,
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
    // Positional parameters: a third faster to bind than named ones, on a path that takes every line of a file.
    const insert = this.db.prepare(`INSERT INTO ${table} (${STAGE_COLUMNS}) VALUES (${STAGED_FIELDS.map(() => '?').join(', ')})`);
    const addAll = this.db.transaction((lines: readonly StagedLine[]) => {
      for (const l of lines) insert.run(STAGED_FIELDS.map((f) => l[f]));
    });
    const drop = () => void this.db.exec(`DROP TABLE IF EXISTS ${table}`);
    return {
      add: async (lines) => addAll(lines),
      discard: async () => drop(),
      merge: async (target: MergeTarget) => {
        /*
         * A file's merge writes gigabytes of WAL at once. SQLite's own checkpoint would then copy all of
         * it at commit, on this thread, holding up every notification behind it: the checkpoint worker
         * does it instead, as it does for everything else.
         */
        const autoCheckpoint = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
        this.db.pragma('wal_autocheckpoint = 0');
        try {
          return await this.writes.run(() => {
            try {
              return this.merge(id, table, target);
            } finally {
              drop();
            }
          });
        } finally {
          this.db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
        }
      },
    };
  }

  /** One transaction (the write queue's): new lines in, each applied to its part, the import closed, the audit row written. */
  private merge(id: number, table: string, t: MergeTarget): { counts: ImportCounts } | { duplicateOf: number } {
    const sha256 = (this.stmt.byId.get(id) as ImportRow).sha256;
    const earlier = this.stmt.applied.get({ sha256, accountId: t.accountId }) as ImportRow | undefined;
    if (earlier) {
      this.duplicate(id, earlier.id);
      return { duplicateOf: earlier.id };
    }
    const at = { id, accountId: t.accountId, kind: t.kind, psp: t.psp, now: new Date().toISOString() };
    // Sorted by key, the unique index is filled in order: far cheaper than random inserts.
    this.db
      .prepare(`INSERT INTO report_lines (account_id, kind, import_id, ${STAGE_COLUMNS}) SELECT @accountId, @kind, @id, ${STAGE_COLUMNS}
        FROM ${table} WHERE true ORDER BY row_key ON CONFLICT (account_id, kind, row_key) DO NOTHING`)
      .run(at);
    this.placeOnKnownParts(at);
    if (this.createInBulk) this.createFirstSeenParts(at);

    // What remains goes line by line through the domain: lines on parts already known (their state is
    // derived again from all their events), operations, and lines that could not be placed.
    const recompute = `temp.recompute_${id}`;
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${recompute} (order_id INTEGER PRIMARY KEY)`);
    const mark = this.db.prepare(`INSERT OR IGNORE INTO ${recompute} (order_id) VALUES (?)`);
    const sourceAnomalies = new Map<number, Anomaly[]>();
    const place = (line: LineRow) => {
      const placed = this.applyLine(line, at.now, sourceAnomalies, t.psp);
      if (placed) mark.run(placed);
    };
    // In pages: SQLite cannot write on a connection while a read of it is still open.
    for (let page: LineRow[], after = 0; (page = this.stmt.pendingLines.all(id, after) as LineRow[]).length > 0; after = page[page.length - 1]!.id) page.forEach(place);
    // Lines an earlier file could not place may belong to parts this file brought.
    (this.stmt.unmatchedOf.all(t.accountId, id) as LineRow[]).forEach(place);
    for (const [orderId, anomalies] of sourceAnomalies) this.orders.recomputeOrder(this.orders.orderById(orderId), anomalies, at.now);
    this.db.prepare(`INSERT OR IGNORE INTO ${recompute} (order_id) SELECT DISTINCT order_id FROM report_lines WHERE import_id = ? AND match = 'created'`).run(id);
    this.orders.recomputeOrders(recompute, at.now);
    this.db.exec(`DROP TABLE ${recompute}`);

    const counts = this.tally(id, t.kind, t.rows);
    if (t.kind === 'transactions' && t.covers) {
      // The orders of the days the report covers are due for reconciliation: a part may be missing from it.
      this.db
        .prepare('UPDATE orders SET reconciled_at = NULL WHERE account_id = ? AND created_at >= ? AND created_at < ? AND reconciled_at IS NOT NULL')
        .run(t.accountId, parisDayStart(addDays(t.covers.from, -1)).toISOString(), parisDayStart(addDays(t.covers.to, 2)).toISOString());
    }
    this.finish(id, {
      status: 'applied',
      rows: t.rows,
      new: counts.new,
      confirmed: counts.confirmed,
      unchanged: counts.unchanged,
      unmatched: counts.unmatched,
      discrepancies: counts.discrepancies,
      header: JSON.stringify(t.header),
      coversFrom: t.covers?.from ?? null,
      coversTo: t.covers?.to ?? null,
      durationMs: Date.now() - t.startedAt,
    });
    this.audit(t.actor, { action: 'import.applied', objectType: 'import', objectId: id, after: counts });
    return { counts };
  }

  /** Lines of this import on parts already known: by order key and part key, then by the PSP's transaction id. */
  private placeOnKnownParts(at: { id: number }): void {
    this.db
      .prepare(`UPDATE report_lines SET order_id = p.order_id, part_id = p.id FROM orders o JOIN parts p ON p.order_id = o.id
        WHERE report_lines.import_id = @id AND o.account_id = report_lines.account_id AND o.group_key = report_lines.group_key
        AND p.part_key = report_lines.part_key`)
      .run(at);
    this.db
      .prepare(`UPDATE report_lines SET order_id = p.order_id, part_id = p.id FROM parts p JOIN orders o ON o.id = p.order_id
        WHERE report_lines.import_id = @id AND report_lines.part_id IS NULL AND report_lines.transaction_id IS NOT NULL
        AND p.psp_transaction_id = report_lines.transaction_id AND p.kind = report_lines.part_kind AND o.account_id = report_lines.account_id`)
      .run(at);
  }

  /**
   * Transactions first seen in this report (never notified), set-based: their orders, their parts and
   * the event that created each. A part created from one event is that event (derivePart of a single
   * observation); the equivalence with the line-by-line path is checked by a test. A part with several
   * lines in the file goes line by line instead, so its state is derived from all of them.
   */
  private createFirstSeenParts(at: { id: number; psp: Psp; now: string }): void {
    const singles = `temp.singles_${at.id}`;
    this.db.exec(`CREATE TABLE ${singles} (id INTEGER PRIMARY KEY)`);
    this.db
      .prepare(`INSERT INTO ${singles} (id) SELECT min(id) FROM report_lines WHERE import_id = @id AND kind = 'transactions' AND part_id IS NULL
        GROUP BY account_id, group_key, part_key HAVING count(*) = 1`)
      .run(at);
    const single = `report_lines.id IN (SELECT id FROM ${singles})`;
    this.db
      .prepare(`INSERT INTO orders (account_id, psp, group_key, reference, call_number, currency, expected_amount, source_anomalies,
          created_at, updated_at)
        SELECT account_id, @psp, group_key, min(reference), min(call_number), min(currency), max(order_amount), max(anomalies),
          coalesce(min(occurred_at), @now), @now
        FROM report_lines WHERE ${single} GROUP BY account_id, group_key ORDER BY account_id, group_key
        ON CONFLICT (account_id, group_key) DO NOTHING`)
      .run(at);
    this.db
      .prepare(`INSERT INTO parts (order_id, part_key, kind, brand, amount, currency, status, psp_transaction_id, authorisation_id,
          masked_pan, pan_last4, response_code, response_message, captured_amount, refunded_amount, capture_due_at, paid_at, anomalies,
          first_source, created_at, updated_at)
        SELECT o.id, l.part_key, l.part_kind, l.brand, l.amount, l.currency, l.status, l.transaction_id, l.authorisation_id, l.masked_pan,
          CASE WHEN rtrim(l.masked_pan) GLOB '*[0-9][0-9][0-9][0-9]' THEN substr(rtrim(l.masked_pan), -4) END, l.response_code, NULL,
          CASE WHEN l.status = 'CAPTURED' THEN l.amount ELSE 0 END, 0, NULL,
          CASE WHEN l.status IN (${ACCEPTED}) THEN coalesce(l.occurred_at, @now) END, '[]', 'transactions_report', @now, @now
        FROM ${singles} s JOIN report_lines l ON l.id = s.id JOIN orders o ON o.account_id = l.account_id AND o.group_key = l.group_key
        ORDER BY o.id, l.part_key`)
      .run(at);
    this.db
      .prepare(`UPDATE report_lines SET order_id = p.order_id, part_id = p.id, match = 'created' FROM orders o JOIN parts p ON p.order_id = o.id
        WHERE ${single} AND o.account_id = report_lines.account_id AND o.group_key = report_lines.group_key AND p.part_key = report_lines.part_key`)
      .run(at);
    this.db
      .prepare(`INSERT INTO part_events (part_id, inbox_id, report_line_id, source, status, amount, response_code, message, occurred_at,
          recorded_at, fingerprint, data)
        SELECT part_id, NULL, id, 'transactions_report', status, amount, response_code, NULL, occurred_at, @now, 'report-line:' || id,
          json_object('observation', json_object('partKey', part_key, 'kind', part_kind, 'brand', brand, 'amount', amount,
            'currency', currency, 'status', status, 'responseCode', response_code, 'message', NULL, 'pspTransactionId', transaction_id,
            'authorisationId', authorisation_id, 'maskedPan', masked_pan, 'occurredAt', occurred_at, 'captureDelayDays', NULL,
            'anomalies', json('[]')), 'orderAnomalies', json(anomalies))
        FROM report_lines WHERE import_id = @id AND match = 'created'`)
      .run(at);
    this.db.exec(`DROP TABLE ${singles}`);
  }

  /** The file's rows by outcome: a row speaking of two parts (a Sips SPLIT) counts once, by its most telling line. */
  private tally(id: number, kind: ReportKind, rows: number): ImportCounts {
    const byWeight = new Map(
      (this.db
        .prepare(`SELECT weight, count(*) AS n FROM (SELECT line, max(CASE match WHEN 'differs' THEN 3 WHEN 'unmatched' THEN 2
          WHEN 'created' THEN 1 ELSE 0 END) AS weight FROM report_lines WHERE import_id = ? GROUP BY line) GROUP BY weight`)
        .all(id) as { weight: number; n: number }[]).map((r) => [r.weight, r.n]),
    );
    const n = (w: number) => byWeight.get(w) ?? 0;
    const placed = n(0) + n(1) + n(2) + n(3);
    // An operation placed on its part is an operation the books did not have: new.
    return { rows, new: n(1) + (kind === 'operations' ? n(0) : 0), confirmed: kind === 'transactions' ? n(0) : 0, unchanged: rows - placed, unmatched: n(2), discrepancies: n(3), errors: 0 };
  }

  /**
   * Places one report line on its part (creating the part for a transaction never notified) and records
   * it as an event. Answers the order it changed, or null when the line matches nothing.
   */
  private applyLine(line: LineRow, now: string, sourceAnomalies: Map<number, Anomaly[]>, psp: Psp): number | null {
    const origin = { inboxId: null, reportLineId: line.id };
    const part = this.findPart(line);

    if (line.kind === 'operations') {
      if (!part) return null;
      // Captures are the PSP's own remittance of what was authorised; other operations are someone's decision.
      const outside = line.operation !== 'capture' && !this.stmt.issuedHere.get({ partId: part.id, type: line.operation, amount: line.amount });
      const operation = { type: line.operation!, amount: line.amount, succeeded: line.succeeded === 1, outside };
      this.orders.addOperationEvent(part, origin, 'operations_report', { operation, occurredAt: line.occurred_at, responseCode: line.response_code, message: null }, now);
      this.stmt.matchLine.run({ id: line.id, match: 'confirmed', outside: operation.outside ? 1 : 0, orderId: part.order_id, partId: part.id, note: null });
      return part.order_id;
    }

    const anomalies = JSON.parse(line.anomalies) as Anomaly[];
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
    const orderId = part
      ? part.order_id
      : this.orders.upsertOrder({
          accountId: line.account_id,
          psp,
          groupKey: line.group_key,
          reference: line.reference,
          callNumber: line.call_number,
          currency: line.currency,
          expectedAmount: line.order_amount,
          customerEmail: null,
          createdAt: line.occurred_at ?? now,
        }).id;
    const result = this.orders.addPartEvent(orderId, origin, 'transactions_report', { observation, orderAnomalies: anomalies }, now);
    sourceAnomalies.set(orderId, [...(sourceAnomalies.get(orderId) ?? []), ...anomalies]);
    const brought = result.state.anomalies.filter((a) => DISAGREEMENTS.includes(a.code) && !result.anomaliesBefore.includes(a.code));
    const match = result.created ? 'created' : brought.length ? 'differs' : 'confirmed';
    this.stmt.matchLine.run({ id: line.id, match, outside: 0, orderId, partId: result.partId, note: brought.map((a) => a.message).join('; ') || null });
    return orderId;
  }

  private findPart(line: LineRow): PartRow | null {
    if (line.part_id !== null) return this.stmt.partById.get(line.part_id) as PartRow;
    const order = line.group_key ? (this.stmt.orderByKey.get(line.account_id, line.group_key) as { id: number } | undefined) : undefined;
    const byKey = order ? (this.stmt.partByKey.get(order.id, line.part_key) as PartRow | undefined) : undefined;
    if (byKey) return byKey;
    if (!line.transaction_id) return null;
    return (this.stmt.partByTransaction.get(line.transaction_id, line.account_id, line.part_kind) as PartRow | undefined) ?? null;
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
    acceptedAt: r.accepted_at,
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

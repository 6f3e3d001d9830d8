import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/storage/sqlite/database';
import { auditWriter } from '../../server/storage/sqlite/audit-store';
import { SqliteImportStore } from '../../server/storage/sqlite/import-store';
import { WriteQueue } from '../../server/storage/sqlite/write-queue';
import type { StagedLine } from '../../server/storage/storage';

/** A transactions line as staging holds it. */
function line(n: number, over: Partial<StagedLine>): StagedLine {
  return {
    rowKey: `k${n}`,
    line: n + 2,
    groupKey: `G${n}`,
    partKey: 'card',
    partKind: 'card',
    transactionId: `T${n}`,
    reference: `CMD-${n}`,
    callNumber: null,
    brand: 'CB',
    operation: null,
    succeeded: null,
    status: 'CAPTURED',
    amount: 1000 + n,
    currency: 'EUR',
    occurredAt: `2026-11-20T10:00:0${n % 10}.000Z`,
    responseCode: '00',
    authorisationId: `A${n}`,
    maskedPan: `497010######00${String(n).padStart(2, '0')}`,
    orderAmount: null,
    anomalies: '[]',
    ...over,
  };
}

/** Every kind of first-seen part: split voucher + card, refused, pending, a voucher above the Conecs limit, no PAN, a SPLIT that does not add up. */
const LINES: StagedLine[] = [
  line(1, { groupKey: 'S1', partKey: 'voucher', partKind: 'voucher', brand: 'APETIZ', amount: 1500, orderAmount: 2500, maskedPan: null, authorisationId: null, rowKey: 'a' }),
  line(2, { groupKey: 'S1', partKey: 'card', amount: 1000, orderAmount: 2500, rowKey: 'b' }),
  line(3, { status: 'REFUSED', responseCode: '05' }),
  line(4, { status: 'PENDING', occurredAt: null }),
  line(5, { partKey: 'voucher', partKind: 'voucher', brand: 'SODEXO', amount: 2500, maskedPan: null, status: 'TO_CAPTURE' }),
  line(6, { groupKey: 'S6', orderAmount: 3000, amount: 2000, anomalies: JSON.stringify([{ code: 'SPLIT_SUM_MISMATCH', message: 'the SPLIT does not add up' }]) }),
  line(7, { maskedPan: 'XXXX' }),
];

async function importInto(bulk: boolean) {
  const db = openDatabase(':memory:');
  const writes = new WriteQueue(db);
  const store = new SqliteImportStore(db, writes, auditWriter(db), bulk);
  const actor = { type: 'system' as const, id: null, label: 'test', address: null };
  const id = await store.create({ fileName: 'f.csv', sha256: 'x', size: 1, storedAs: 'x', channel: 'cli', accountId: 'sips-shop', actor, receivedAt: '2026-11-21T08:00:00.000Z' });
  const staging = store.stage(id);
  await staging.add(LINES);
  const result = await staging.merge({ accountId: 'sips-shop', psp: 'sips', kind: 'transactions', rows: LINES.length, header: [], covers: null, actor, startedAt: Date.now() });
  return { db, result };
}

const rows = (db: Db, sql: string) => db.prepare(sql).all();
const ORDER_COLUMNS = `group_key, reference, call_number, currency, expected_amount, amount, voucher_amount, card_amount, status, brands, part_count,
  anomalies, source_anomalies, CASE WHEN created_at LIKE '2026-11-20%' THEN created_at ELSE 'the import time' END AS created_at`;
const PART_COLUMNS = 'part_key, kind, brand, amount, currency, status, psp_transaction_id, authorisation_id, masked_pan, pan_last4, response_code, response_message, captured_amount, refunded_amount, capture_due_at, paid_at, anomalies, first_source';

describe('parts first seen in a report, created set-based', () => {
  it('are exactly what the line-by-line derivation makes of the same lines', async () => {
    const bulk = await importInto(true);
    const reference = await importInto(false);
    expect(bulk.result).toEqual(reference.result);
    for (const [table, columns, order] of [['orders', ORDER_COLUMNS, 'group_key'], ['parts', PART_COLUMNS, 'psp_transaction_id, part_key']] as const) {
      const sql = `SELECT ${columns} FROM ${table} ORDER BY ${order}`;
      expect(rows(bulk.db, sql), table).toEqual(rows(reference.db, sql));
    }
    const events = `SELECT source, status, amount, response_code, occurred_at, fingerprint, json_extract(data, '$.observation') AS observation,
      json_extract(data, '$.orderAnomalies') AS order_anomalies FROM part_events ORDER BY fingerprint`;
    const parse = (list: unknown[]) => list.map((e) => ({ ...(e as object), observation: JSON.parse((e as { observation: string }).observation) as unknown }));
    expect(parse(rows(bulk.db, events))).toEqual(parse(rows(reference.db, events)));
    expect(rows(bulk.db, 'SELECT match, note FROM report_lines ORDER BY id')).toEqual(rows(reference.db, 'SELECT match, note FROM report_lines ORDER BY id'));
    expect((rows(bulk.db, 'SELECT count(*) AS n FROM parts')[0] as { n: number }).n).toBe(LINES.length);
  });
});

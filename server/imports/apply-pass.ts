import { createReadStream } from 'node:fs';
import type { Profile } from '../../shared/import-profile';
import type { Account } from '../config/accounts';
import { reportMapperFor } from '../psp/registry';
import type { MergeTarget, StagedLine, Storage } from '../storage/storage';
import type { OrderObservation } from '../domain/observation';
import { readReport, type ReportBatch } from './read-report';
import type { ReportRow } from './report-row';

/** Rows kept, or lines staged, per write. */
export const STAGE_BATCH = 5_000;

/** A stored file, its profile and account found. */
export interface IdentifiedFile {
  path: string;
  profile: Profile;
  account: Account;
  headerLine: number | null;
  encoding: 'utf-8' | 'latin1';
}

/** Everything the second pass needs: plain data, so that another thread can run it. */
export interface ApplyJob {
  importId: number;
  file: IdentifiedFile;
  target: MergeTarget;
}

/** Bytes and rows read so far in a pass. */
export type OnRead = (bytes: number, rows: number) => void;

/** A stored file's rows through its profile, batch by batch, counting bytes and rows read. */
export async function* readStored(file: IdentifiedFile, onRead: OnRead): AsyncGenerator<ReportBatch> {
  let bytes = 0;
  let rows = 0;
  const counted = countBytes(createReadStream(file.path), (n) => onRead((bytes += n), rows));
  for await (const batch of readReport(counted, { profile: file.profile, headerLine: file.headerLine, encoding: file.encoding })) {
    rows += batch.rows.length;
    onRead(bytes, rows);
    yield batch;
  }
}

/**
 * The second pass: the rows, known clean, read again, staged outside the books, then merged in one
 * transaction. Answers whether they were applied, or found to repeat a file applied meanwhile.
 */
export async function applyPass(storage: Storage, job: ApplyJob, onRead: OnRead): Promise<'applied' | 'duplicate'> {
  const { file } = job;
  const mapper = reportMapperFor(file.account);
  const staging = storage.imports.stage(job.importId);
  let pending: StagedLine[] = [];
  try {
    for await (const batch of readStored(file, onRead)) {
      // The file is stored under its hash and was just checked: a problem now is one of ours.
      const problem = batch.errors[0];
      if (problem) throw new Error(`the stored file no longer reads as it did when checked (line ${problem.line}: ${problem.message})`);
      for (const row of batch.rows) pending.push(...staged(row, mapper(row, file.account)));
      if (pending.length >= STAGE_BATCH) {
        await staging.add(pending);
        pending = [];
      }
    }
    await staging.add(pending);
    return 'counts' in (await staging.merge(job.target)) ? 'applied' : 'duplicate';
  } catch (error) {
    await staging.discard();
    throw error;
  }
}

async function* countBytes(source: AsyncIterable<Buffer>, count: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    count(chunk.length);
    yield chunk;
  }
}

/** One staged line per part the row speaks of; the row key says what makes the line the same in another file. */
function staged(row: ReportRow, observation: OrderObservation): StagedLine[] {
  return observation.parts.map((part) => ({
    rowKey: [row.transactionId, observation.groupKey, part.partKey, row.status, row.operationName, row.succeeded, part.amount, row.occurredAt].join('|'),
    line: row.line,
    groupKey: observation.groupKey,
    partKey: part.partKey,
    partKind: part.kind,
    transactionId: row.transactionId,
    reference: observation.reference,
    callNumber: observation.callNumber,
    brand: part.brand,
    operation: row.operation,
    succeeded: row.succeeded === null ? null : row.succeeded ? 1 : 0,
    status: row.status,
    amount: part.amount,
    currency: row.currency,
    occurredAt: row.occurredAt,
    responseCode: row.responseCode,
    authorisationId: part.authorisationId,
    maskedPan: part.maskedPan,
    orderAmount: observation.expectedAmount,
    anomalies: JSON.stringify(observation.anomalies),
  }));
}

import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { ImportDetail, ImportError } from '../../shared/api-imports';
import type { Profile } from '../../shared/import-profile';
import { PSP_LABELS } from '../../shared/psp';
import { parisDay } from '../../shared/time';
import type { Account, AppConfig } from '../config/accounts';
import type { AcceptedFile, Actor, KeptRow, NewImport, Storage } from '../storage/storage';
import { readStored, STAGE_BATCH, type IdentifiedFile } from './apply-pass';
import { inlineRunner, type ApplyRunner } from './apply-runner';
import { detectEncoding } from './csv';
import { detectProfile, type HeadLine } from './detect';
import { problem } from './mapping';
import type { ProfileCatalogue } from './profiles';

/** Errors collected before an import gives up: enough to fix a file in one go, bounded for a wholly wrong one. */
export const MAX_ERRORS = 100;
const HEAD_BYTES = 64 * 1024;

export interface ImportInput {
  source: AsyncIterable<Uint8Array>;
  fileName: string;
  channel: NewImport['channel'];
  actor: Actor;
  /** Which account the file belongs to; found from the file when there is no doubt. */
  accountId?: string;
  /** Which profile reads it; detected from the header otherwise. */
  profile?: string;
}

export interface Progress {
  /** Checking every row (nothing written), then applying them (the same rows, read again). */
  phase: 'checking' | 'applying';
  bytes: number;
  size: number;
  rows: number;
}

/** What the processing of a stored file needs from whoever sent it. */
type Request = Pick<ImportInput, 'accountId' | 'profile' | 'actor'>;

/** Imports a stop cut short are taken up again in the name of the system. */
const RESUMING: Actor = { type: 'system', id: null, label: 'import taken up again after a restart', address: null };

/** A file refused: its problems (at most MAX_ERRORS, `moreErrors` when there were others) and the rows read. */
interface Refused {
  errors: ImportError[];
  rows: number;
  moreErrors: boolean;
}

class Refusal extends Error {
  constructor(readonly error: ImportError) {
    super(error.message);
  }
}

/**
 * Report-file imports: the file is stored raw (content-addressed by its SHA-256) and recorded before
 * anything reads it; then its profile and account are found, its rows read and checked while
 * streaming, and applied in one transaction only if the whole file is clean.
 */
export class ImportService {
  private readonly running = new Map<number, Progress>();

  constructor(
    private readonly storage: Storage,
    private readonly config: AppConfig,
    private readonly profiles: ProfileCatalogue,
    private readonly filesDir: string,
    /** Called after each import is applied (the reconciliation runs then). */
    private readonly afterApply: () => void = () => {},
    /** Where the second pass runs: on this thread by default. */
    private readonly runApply: ApplyRunner = inlineRunner(storage),
  ) {
    mkdirSync(filesDir, { recursive: true });
  }

  /** Stores the file and records the import; `done` settles when it is applied or refused (never rejects). */
  async receive(input: ImportInput): Promise<{ id: number; done: Promise<ImportDetail> }> {
    const receivedAt = new Date().toISOString();
    const { sha256, size, storedAs } = await this.store(input.source);
    const id = await this.storage.imports.create({ fileName: input.fileName, sha256, size, storedAs, channel: input.channel, accountId: input.accountId ?? null, actor: input.actor, receivedAt });
    return { id, done: this.start(id, sha256, size, storedAs, input) };
  }

  /**
   * Takes up again, one after the other, the imports a stop cut short (received, being checked or being
   * applied): their files are stored, so each is read again from the start. Answers how many there are;
   * `done` settles when all are finished.
   */
  async resume(): Promise<{ count: number; done: Promise<void> }> {
    const unfinished = await this.storage.imports.unfinished();
    const done = (async () => {
      for (const item of unfinished) {
        await this.start(item.id, item.sha256, item.size, item.storedAs, { accountId: item.accountId ?? undefined, profile: item.profile ?? undefined, actor: RESUMING });
      }
    })();
    return { count: unfinished.length, done };
  }

  private start(id: number, sha256: string, size: number, storedAs: string, request: Request): Promise<ImportDetail> {
    this.running.set(id, { phase: 'checking', bytes: 0, size, rows: 0 });
    return this.process(id, sha256, join(this.filesDir, storedAs), request)
      .catch(async (error: unknown) => {
        // A defect of ours: the file stays stored and the import says so; the process goes on.
        await this.storage.imports.fail(id, { rows: 0, errors: [], moreErrors: false, message: `the import failed on our side (${(error as Error).message}); the file is stored and can be imported again`, startedAt: Date.now() }, request.actor);
      })
      .finally(() => this.running.delete(id))
      .then(async () => (await this.storage.imports.get(id))!);
  }

  /** The same, waiting for the result. */
  async run(input: ImportInput): Promise<ImportDetail> {
    return (await this.receive(input)).done;
  }

  progress(id: number): Progress | null {
    return this.running.get(id) ?? null;
  }

  /** Writes the bytes under their SHA-256, hashing while they stream: a 2 GB file never sits in memory. */
  private async store(source: AsyncIterable<Uint8Array>): Promise<{ sha256: string; size: number; storedAs: string }> {
    const hash = createHash('sha256');
    let size = 0;
    const partial = join(this.filesDir, `.incoming-${randomBytes(8).toString('hex')}`);
    try {
      await pipeline(
        source,
        new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            size += chunk.length;
            callback(null, chunk);
          },
        }),
        createWriteStream(partial),
      );
      const sha256 = hash.digest('hex');
      if (existsSync(join(this.filesDir, sha256))) rmSync(partial);
      else renameSync(partial, join(this.filesDir, sha256));
      return { sha256, size, storedAs: sha256 };
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
  }

  /**
   * Two passes over the stored file. The first checks every row and keeps it as read, applying nothing:
   * a file with an error is refused whole, and a clean one is accepted, its verdict given before any
   * order changes. The second reads the same rows again, stages them and applies them all in one
   * transaction (see apply-pass).
   */
  private async process(id: number, sha256: string, path: string, request: Request): Promise<void> {
    const startedAt = Date.now();
    await this.profiles.ready;
    const earlier = await this.storage.imports.findEarlier(id, sha256, request.accountId);
    if (earlier) return this.storage.imports.markDuplicate(id, earlier.id, request.actor);

    let file: IdentifiedFile;
    try {
      const head = await readHead(path);
      const { profile, headerLine } = this.detect(head.lines, request.profile);
      file = { path, profile, headerLine, encoding: head.encoding, account: this.account(profile, head.lines, request.accountId) };
    } catch (error) {
      if (error instanceof Refusal) return this.refuse(id, { errors: [error.error], rows: 0, moreErrors: false }, request.actor, startedAt);
      throw error;
    }
    await this.storage.imports.identify(id, { accountId: file.account.id, psp: file.profile.psp, profile: file.profile.name, kind: file.profile.kind });

    const checked = await this.check(id, file);
    if ('errors' in checked) return this.refuse(id, checked, request.actor, startedAt);
    await this.storage.imports.accept(id, checked);
    const target = { accountId: file.account.id, psp: file.account.psp, kind: file.profile.kind, ...checked, actor: request.actor, startedAt };
    const progress = this.running.get(id)!;
    Object.assign(progress, { phase: 'applying', bytes: 0, rows: 0 });
    const outcome = await this.runApply({ importId: id, file, target }, (bytes, rows) => Object.assign(progress, { bytes, rows }));
    if (outcome === 'applied') this.afterApply();
  }

  private refuse(id: number, found: Refused, actor: Actor, startedAt: number): Promise<void> {
    return this.storage.imports.fail(id, { ...found, message: summarise(found.errors, found.moreErrors), startedAt }, actor);
  }

  /**
   * The first pass: every row read and checked, up to MAX_ERRORS problems collected. While none is
   * found, the rows are kept as read (their values); a refused file drops them.
   */
  private async check(id: number, file: IdentifiedFile): Promise<AcceptedFile | Refused> {
    const errors: ImportError[] = [];
    let rows = 0;
    let moreErrors = false;
    let header: string[] = [];
    let first: string | null = null;
    let last: string | null = null;
    let kept: KeptRow[] = [];
    const progress = this.running.get(id)!;
    for await (const batch of readStored(file, (bytes, read) => Object.assign(progress, { bytes, rows: read }))) {
      rows += batch.rows.length;
      if (batch.header) header = batch.header;
      for (const e of batch.errors) {
        if (errors.length < MAX_ERRORS) errors.push(e);
        else moreErrors = true;
      }
      if (moreErrors) break;
      if (errors.length) continue; // the file is refused: keep reading only to report its other errors
      for (const row of batch.rows) {
        kept.push({ line: row.line, data: JSON.stringify(row.values) });
        if (row.occurredAt && (!first || row.occurredAt < first)) first = row.occurredAt;
        if (row.occurredAt && (!last || row.occurredAt > last)) last = row.occurredAt;
      }
      if (kept.length >= STAGE_BATCH) {
        await this.storage.imports.keepRows(id, kept);
        kept = [];
      }
    }
    if (errors.length) return { errors, rows: rows + errors.filter((e) => e.line !== null).length, moreErrors };
    await this.storage.imports.keepRows(id, kept);
    return { rows, header, covers: first && last ? { from: parisDay(first), to: parisDay(last) } : null };
  }

  private detect(head: readonly HeadLine[], wantedName: string | undefined): { profile: Profile; headerLine: number | null } {
    const profiles = this.profiles.all().map((e) => e.profile);
    let wanted: Profile | undefined;
    if (wantedName) {
      wanted = this.profiles.get(wantedName) ?? undefined;
      if (!wanted) throw new Refusal(problem(null, null, null, 'UNKNOWN_PROFILE', `there is no import profile "${wantedName}"; known: ${profiles.map((p) => p.name).join(', ')}`));
    }
    const found = detectProfile(head, profiles, wanted);
    if (!found.ok) throw new Refusal(found.error);
    return found;
  }

  /** The account named, checked against the file; or the one account the file can belong to. */
  private account(profile: Profile, head: readonly HeadLine[], requested: string | undefined): Account {
    const fileMerchant = merchantOfFile(profile, head);
    if (requested) {
      const account = this.config.accounts.get(requested);
      if (!account) throw new Refusal(problem(null, null, null, 'UNKNOWN_ACCOUNT', `no account "${requested}" is configured`));
      if (account.psp !== profile.psp) {
        throw new Refusal(problem(null, null, null, 'WRONG_PSP', `this file is a ${profile.label}, but account ${account.id} is a ${PSP_LABELS[account.psp]} account`));
      }
      if (fileMerchant && 'merchantId' in account && !fileMerchant.includes(account.merchantId)) {
        throw new Refusal(problem(1, null, null, 'WRONG_MERCHANT', `this file is for merchant ${fileMerchant.join(' / ')}, not account ${account.id}'s (${account.merchantId})`));
      }
      return account;
    }
    const candidates = [...this.config.accounts.values()].filter((a) => a.psp === profile.psp);
    const matching = fileMerchant ? candidates.filter((a) => 'merchantId' in a && fileMerchant.includes(a.merchantId)) : candidates;
    if (matching.length === 1) return matching[0]!;
    if (matching.length === 0) throw new Refusal(problem(null, null, null, 'NO_ACCOUNT', `no configured ${PSP_LABELS[profile.psp]} account matches this file${fileMerchant ? ` (merchant ${fileMerchant.join(' / ')})` : ''}`));
    throw new Refusal(problem(null, null, null, 'ACCOUNT_REQUIRED', `several ${PSP_LABELS[profile.psp]} accounts could own this file (${matching.map((a) => a.id).join(', ')}): say which`));
  }
}

/** The merchant ids the file's first line names: the Computop HEAD's, or the fields of a Sips TITLE line. */
function merchantOfFile(profile: Profile, head: readonly HeadLine[]): string[] | null {
  const first = head[0]?.text ?? '';
  if (profile.layout.type === 'computop-batch') return [first.split(',')[1]?.trim() ?? ''];
  if (profile.layout.preamble && new RegExp(profile.layout.preamble).test(first)) {
    const ids = first.split(profile.layout.separator).filter((f) => /^\d{8,20}$/.test(f.trim()));
    return ids.length ? ids : null;
  }
  return null;
}

/** The first lines of the file and its encoding, from its first bytes. */
async function readHead(path: string): Promise<{ encoding: 'utf-8' | 'latin1'; lines: HeadLine[] }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const bytes = buffer.subarray(0, bytesRead);
    const encoding = detectEncoding(bytes);
    const text = new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'latin1').decode(bytes);
    const lines = text
      .split(/\r\n|\n|\r/)
      .slice(0, 20)
      .map((t, i) => ({ line: i + 1, text: t }))
      .filter((l) => l.text.trim() !== '');
    return { encoding, lines };
  } finally {
    await handle.close();
  }
}

function summarise(errors: readonly ImportError[], more: boolean): string {
  const first = errors[0];
  if (!first) return 'the file was refused';
  const where = first.line ? `line ${first.line}${first.column ? `, column ${first.column}${first.columnName ? ` (${first.columnName})` : ''}` : ''}: ` : '';
  const others = errors.length > 1 ? ` (and ${errors.length - 1}${more ? '+' : ''} more)` : '';
  return `${where}${first.message}${others}; nothing was applied`;
}

import { createReadStream, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/accounts';
import type { Actor } from '../storage/storage';
import type { ImportService } from './import-service';

const ACTOR: Actor = { type: 'system', id: null, label: 'watched folder', address: null };

/** Where handled files go, inside the watched folder. */
export const WATCH_DONE = 'imported';
export const WATCH_REFUSED = 'refused';

/**
 * Imports the files dropped in a folder, the way PSPs deliver reports by SFTP: a file at the top is
 * for the account found from its content; one in a subfolder named after an account is for that
 * account. A file is taken once its size has stopped changing (an upload still being written is
 * left alone), then moved to `imported/` or `refused/` so it is never read twice.
 */
export class FolderWatcher {
  private timer: NodeJS.Timeout | null = null;
  private readonly seen = new Map<string, string>();
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly imports: ImportService,
    private readonly config: AppConfig,
    private readonly log: { warn(m: string): void; info?(m: string): void } = console,
    private readonly intervalMs = 2000,
  ) {
    for (const sub of [WATCH_DONE, WATCH_REFUSED]) mkdirSync(join(dir, sub), { recursive: true });
  }

  start(): this {
    this.timer = setInterval(() => {
      this.busy = this.busy.then(() => this.scan()).catch((e: Error) => this.log.warn(`watched folder ${this.dir}: ${e.message}`));
    }, this.intervalMs);
    return this;
  }

  /** Stops watching, after the import under way (if any) is done. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.busy;
  }

  /** One look at the folder: imports every file whose size did not change since the last look. */
  async scan(): Promise<void> {
    for (const { path, name, accountId } of this.candidates()) {
      const stat = statSync(path);
      const signature = `${stat.size}:${stat.mtimeMs}`;
      if (this.seen.get(path) !== signature) {
        this.seen.set(path, signature);
        continue;
      }
      this.seen.delete(path);
      const result = await this.imports.run({ source: createReadStream(path), fileName: name, channel: 'watch', actor: ACTOR, accountId });
      const to = result.status === 'failed' ? WATCH_REFUSED : WATCH_DONE;
      renameSync(path, join(this.dir, to, `${result.id}-${name}`));
      this.log.info?.(`watched folder: ${name} → import #${result.id} ${result.status}`);
    }
  }

  private candidates(): { path: string; name: string; accountId?: string }[] {
    const files: { path: string; name: string; accountId?: string }[] = [];
    for (const entry of readdirSync(this.dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isFile()) files.push({ path: join(this.dir, entry.name), name: entry.name });
      else if (entry.isDirectory() && this.config.accounts.has(entry.name)) {
        for (const inner of readdirSync(join(this.dir, entry.name), { withFileTypes: true })) {
          if (inner.isFile() && !inner.name.startsWith('.')) files.push({ path: join(this.dir, entry.name, inner.name), name: inner.name, accountId: entry.name });
        }
      }
    }
    return files;
  }
}

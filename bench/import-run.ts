import { createReadStream, mkdtempSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadConfigFile } from '../server/config/accounts';
import { ImportService } from '../server/imports/import-service';
import { ProfileCatalogue } from '../server/imports/profiles';
import { SqliteStorage } from '../server/storage/sqlite/sqlite-storage';

/** One import of the file given, in its own process so its peak memory is its own; prints the figures as JSON. */
const [file, databasePath] = process.argv.slice(2) as [string, string];
const storage = SqliteStorage.open(databasePath);
const service = new ImportService(storage, loadConfigFile('split-recon.config.example.json'), new ProfileCatalogue(storage.imports), mkdtempSync(join(tmpdir(), 'bench-imports-')));
const started = process.hrtime.bigint();
const result = await service.run({ source: createReadStream(file), fileName: basename(file), channel: 'cli', actor: { type: 'system', id: null, label: 'bench', address: null } });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await storage.close();
// Accepted: stored, hashed and every row checked, the verdict committed; applied: the rows in the books.
const acceptedSeconds = result.acceptedAt ? (Date.parse(result.acceptedAt) - Date.parse(result.receivedAt)) / 1000 : null;
console.log(JSON.stringify({ seconds, acceptedSeconds, status: result.status, message: result.message, counts: result.counts, peakMB: process.resourceUsage().maxRSS / 1024 }));

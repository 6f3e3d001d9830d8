import busboy from 'busboy';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ImportDetailSchema, ImportListSchema, ImportsQuerySchema, ProfileListSchema } from '../../shared/api-imports';
import { ProfileSchema } from '../../shared/import-profile';
import { defineRoute, problem, reply, type Reply, IdParams } from '../http/api-route';
import type { ImportService } from '../imports/import-service';
import type { ProfileCatalogue } from '../imports/profiles';
import type { Actor, Storage } from '../storage/storage';
import type { Context } from 'hono';
import type { AppEnv } from '../http/context';
import type { ImportDetail, ImportSummary } from '../../shared/api-imports';

const UploadQuery = z.object({
  account: z.string().trim().min(1).optional(),
  profile: z.string().trim().min(1).optional(),
  /** `true`: answer when the file is applied or refused, not as soon as it is stored. */
  wait: z.enum(['true', 'false']).optional(),
});

export function importRoutes({ storage, imports, profiles }: { storage: Storage; imports: ImportService; profiles: ProfileCatalogue }) {
  const withProgress = <T extends ImportSummary>(item: T): T => {
    const p = imports.progress(item.id);
    return p ? { ...item, progress: { phase: p.phase, bytes: p.bytes, rows: p.rows } } : item;
  };
  return [
    defineRoute({
      method: 'post',
      path: '/api/imports',
      summary: 'Upload a PSP report file (multipart, streamed): stored raw, then applied in one transaction or refused with its errors',
      tag: 'Imports',
      role: 'supervisor',
      query: UploadQuery,
      upload: { file: 'the report file', account: 'the account it belongs to (found from the file when only one can own it)', profile: 'the profile that reads it (detected from the header otherwise)' },
      response: ImportDetailSchema,
      errors: { 400: 'Not a multipart upload with a file', 404: 'No such account or profile' },
      handler: async ({ query, c, actor }) => upload(c, query, actor, imports, storage, withProgress),
    }),
    defineRoute({
      method: 'get',
      path: '/api/imports',
      summary: 'Every imported file: who, when, profile, counts, errors, duration',
      tag: 'Imports',
      role: 'viewer',
      query: ImportsQuerySchema,
      response: ImportListSchema,
      handler: async ({ query }) => {
        const list = await storage.imports.list(query);
        return reply({ ...list, items: list.items.map(withProgress) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/imports/:id',
      summary: 'One import: its counts, the errors with line and column, the rows that matched nothing',
      tag: 'Imports',
      role: 'viewer',
      params: IdParams,
      response: ImportDetailSchema,
      errors: { 404: 'No such import' },
      handler: async ({ params }) => {
        const item = await storage.imports.get(params.id);
        return item ? reply(withProgress(item)) : problem(404, 'NOT_FOUND', `import ${params.id} does not exist`);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/import-profiles',
      summary: 'The mapping profiles that read report files',
      tag: 'Imports',
      role: 'viewer',
      response: ProfileListSchema,
      handler: async () => {
        await profiles.ready;
        return reply({ items: profiles.all().map(({ profile: p, origin }) => ({ name: p.name, label: p.label, psp: p.psp, kind: p.kind, origin })) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/import-profiles/:name',
      summary: 'One mapping profile, whole',
      tag: 'Imports',
      role: 'viewer',
      params: z.object({ name: z.string() }),
      response: ProfileSchema,
      errors: { 404: 'No such profile' },
      handler: async ({ params }) => {
        await profiles.ready;
        const p = profiles.get(params.name);
        return p ? reply(p) : problem(404, 'NOT_FOUND', `there is no import profile "${params.name}"`);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/import-profiles',
      summary: 'Add a mapping profile, or replace one (a shipped profile is overridden, not changed on disk)',
      tag: 'Imports',
      role: 'admin',
      body: ProfileSchema,
      response: ProfileSchema,
      handler: async ({ body, actor }) => {
        await profiles.save(body, actor);
        return reply(body);
      },
    }),
  ];
}

/** Streams the multipart file into the import service; form fields before the file count like query parameters. */
async function upload(
  c: Context<AppEnv>,
  query: z.output<typeof UploadQuery>,
  actor: Actor,
  imports: ImportService,
  storage: Storage,
  withProgress: (item: ImportDetail) => ImportDetail,
): Promise<Reply<ImportDetail>> {
  const type = c.req.header('content-type') ?? '';
  const body = c.req.raw.body;
  if (!type.toLowerCase().startsWith('multipart/form-data') || !body) return problem(400, 'NOT_MULTIPART', 'send the file as multipart/form-data, in a field named "file"');
  const fields: Record<string, string> = {};
  const received = await new Promise<{ id: number; done: Promise<ImportDetail> } | Reply<never>>((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': type }, limits: { files: 1, fields: 10, fieldSize: 1024 } });
    } catch (error) {
      resolve(problem(400, 'NOT_MULTIPART', `the multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    let gotFile = false;
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || gotFile) {
        stream.resume();
        return;
      }
      gotFile = true;
      imports
        .receive({ source: stream, fileName: info.filename || 'upload', channel: 'upload', actor, accountId: query.account ?? fields.account, profile: query.profile ?? fields.profile })
        .then(resolve, (error: Error) => resolve(problem(400, 'UPLOAD_FAILED', `the upload did not complete: ${error.message}`)));
    });
    parser.on('error', (error: Error) => resolve(problem(400, 'BAD_MULTIPART', `the multipart body is malformed: ${error.message}`)));
    parser.on('close', () => {
      if (!gotFile) resolve(problem(400, 'NO_FILE', 'the upload has no part named "file"'));
    });
    Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>).pipe(parser);
  });
  if ('status' in received) return received;
  if (query.wait === 'true') return reply(await received.done);
  return reply(withProgress((await storage.imports.get(received.id))!), 202);
}

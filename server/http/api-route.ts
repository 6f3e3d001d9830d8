import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { ApiError } from '../../shared/api';
import { roleAtLeast, type Role } from '../../shared/roles';
import { actorOf, type Principal } from '../auth/auth-service';
import type { Actor } from '../storage/storage';
import { clientAddress, type AppEnv } from './context';

/**
 * Every `/api` route is declared as data: method, path, schemas and handler. The same declarations
 * register the routes, validate their input, and produce the OpenAPI document, so the document
 * cannot drift from the code and no route can be added without its schemas.
 */
export interface ApiRoute<Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  method: 'get' | 'post' | 'patch';
  /** Hono path syntax: `/api/orders/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** The least role that may call it; `public` only for signing in and out. Required, so no route is forgotten. */
  role: Role | 'public';
  query?: Q;
  params?: P;
  body?: B;
  /** A streamed multipart upload instead of a JSON body: its form fields, for the document (the handler reads the stream). */
  upload?: Record<string, string>;
  response: R;
  /**
   * A file instead of JSON (a CSV export): its media type, for the document. The handler answers with
   * `file()`; `response` then describes the file's content (`z.string()`). Errors stay JSON.
   */
  produces?: string;
  /** Extra non-200 answers this route documents. */
  errors?: Partial<Record<ErrorStatus, string>>;
  handler: (input: { query: z.output<Q>; params: z.output<P>; body: z.output<B>; c: Context<AppEnv>; principal: Principal | null; actor: Actor }) => Promise<Reply<z.input<R>>>;
}

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 502;
export type Reply<T> = { status: 200 | 201 | 202; body: T } | { status: ErrorStatus; body: ApiError } | { status: 200; file: FileReply };

/** A file to download (text, or bytes such as a workbook): its content, media type and the name the browser saves it under. */
export interface FileReply {
  content: string | Uint8Array<ArrayBuffer>;
  contentType: string;
  fileName: string;
}

export const reply = <T>(body: T, status: 200 | 201 | 202 = 200): Reply<T> => ({ status, body });
/** A download (Content-Disposition: attachment) instead of JSON, for a route that declares `produces`. */
export const file = (content: FileReply['content'], contentType: string, fileName: string): Reply<never> => ({ status: 200, file: { content, contentType, fileName } });
export const problem = (status: ErrorStatus, code: string, message: string, field?: string): Reply<never> => ({
  status,
  body: { error: { code, message, ...(field ? { field } : {}) } },
});

/** The `:id` of a resource path: a positive integer. */
export const IdParams = z.object({ id: z.coerce.number().int().positive() });

/** Typed constructor: infers the schema types so the handler is checked against them. */
export const defineRoute = <Q extends z.ZodType, P extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(route: ApiRoute<Q, P, B, R>) =>
  route as unknown as ApiRoute;

function invalid(where: string, error: z.ZodError): Reply<never> {
  const issue = error.issues[0]!;
  const field = [where, ...issue.path.map(String)].join('.');
  return problem(400, 'INVALID_INPUT', `${field}: ${issue.message}`, field);
}

export function registerApiRoutes(app: Hono<AppEnv>, routes: readonly ApiRoute[]): void {
  for (const route of routes) {
    app[route.method](route.path, async (c) => {
      const principal = c.get('principal');
      if (route.role !== 'public') {
        if (!principal) return send(c, problem(401, 'UNAUTHENTICATED', 'sign in first, or send Authorization: Bearer <API token>'));
        if (!roleAtLeast(principal.role, route.role)) return send(c, problem(403, 'FORBIDDEN', `this needs the ${route.role} role; you are ${principal.role}`));
      }
      const query = (route.query ?? z.object({})).safeParse(c.req.query());
      if (!query.success) return send(c, invalid('query', query.error));
      const params = (route.params ?? z.object({})).safeParse(c.req.param());
      if (!params.success) return send(c, invalid('params', params.error));
      let body: unknown = undefined;
      if (route.body) {
        let json: unknown;
        try {
          json = await c.req.json();
        } catch {
          return send(c, problem(400, 'INVALID_JSON', 'the request body must be JSON'));
        }
        const parsed = route.body.safeParse(json);
        if (!parsed.success) return send(c, invalid('body', parsed.error));
        body = parsed.data;
      }
      return send(c, await route.handler({ query: query.data, params: params.data, body, c, principal, actor: actorOf(principal, clientAddress(c)) }));
    });
  }
}

function send(c: Context<AppEnv>, r: Reply<unknown>): Response {
  if ('file' in r) {
    // The name is ours (dates and ASCII), so the plain quoted form is enough.
    return c.body(r.file.content, 200, {
      'content-type': r.file.contentType,
      'content-disposition': `attachment; filename="${r.file.fileName.replace(/[^\w.-]/g, '_')}"`,
    });
  }
  return c.json(r.body as object, r.status);
}

function uploadSchema(fields: Record<string, string>): object {
  const properties = Object.fromEntries(Object.entries(fields).map(([name, description]) => [name, name === 'file' ? { type: 'string', format: 'binary', description } : { type: 'string', description }]));
  return { type: 'object', required: ['file'], properties };
}

/** The OpenAPI 3.1 document of the declared routes, schemas rendered by zod itself. */
export function openApiDocument(routes: readonly ApiRoute[], info: { title: string; version: string }): object {
  const paths: Record<string, Record<string, unknown>> = {};
  const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });
  for (const r of routes) {
    const openPath = r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: object[] = [];
    for (const [where, s] of [['query', r.query], ['path', r.params]] as const) {
      if (!s) continue;
      const json = schema(s, 'input') as { properties?: Record<string, object>; required?: string[] };
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: prop });
      }
    }
    const responses: Record<string, object> = {
      200: { description: 'OK', content: { [r.produces ?? 'application/json']: { schema: schema(r.response, 'output') } } },
    };
    const errorSchema = { $ref: '#/components/schemas/Error' };
    const signedIn = r.role === 'public' ? {} : { 401: 'Not signed in', 403: `Needs the ${r.role} role` };
    for (const [status, description] of Object.entries({ 400: 'Invalid input', ...signedIn, ...r.errors })) {
      responses[status] = { description, content: { 'application/json': { schema: errorSchema } } };
    }
    (paths[openPath] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      'x-required-role': r.role,
      ...(r.role === 'public' ? {} : { security: [{ session: [] }, { bearer: [] }] }),
      parameters,
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(r.body, 'input') } } } } : {}),
      ...(r.upload ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: uploadSchema(r.upload) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'sr_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } } },
        },
      },
    },
  };
}

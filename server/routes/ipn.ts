import { Hono, type Context } from 'hono';
import { PSPS, type Psp } from '../../shared/psp';
import { clientAddress, type AppEnv } from '../http/context';
import { MAX_NOTIFICATION_BYTES, type NotificationService } from '../ingest/notifications';

/** Past this, the connection is cut instead of read to the end. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

/**
 * Keeps at most `limit` bytes of the body. The rest is read and dropped (up to DRAIN_LIMIT) so the
 * sender gets a clean 413 rather than a reset connection, and its real size is recorded. Under Node
 * the body is read straight from the socket stream, by its events: building a web Request for it,
 * or even an async iterator over it, costs more than everything else a notification needs.
 */
async function readBody(c: Context<AppEnv>, limit: number): Promise<{ body: Buffer; size: number; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const take = (value: Uint8Array) => {
    if (size + value.byteLength <= limit) chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    else if (size < limit) chunks.push(Buffer.from(value.subarray(0, limit - size)));
    size += value.byteLength;
  };
  const incoming = c.env?.incoming;
  if (incoming) {
    await new Promise<void>((resolve, reject) => {
      incoming.on('data', (chunk: Buffer) => {
        take(chunk);
        if (size > DRAIN_LIMIT) {
          incoming.destroy();
          resolve();
        }
      });
      incoming.once('end', resolve);
      incoming.once('error', reject);
    });
  } else if (c.req.raw.body) {
    // Web streams are async-iterable; the DOM typings do not say so.
    for await (const value of c.req.raw.body as unknown as AsyncIterable<Uint8Array>) {
      take(value);
      if (size > DRAIN_LIMIT) break;
    }
  }
  return { body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), size, truncated: size > limit };
}

/** The request's headers as Node parsed them (names in lower case; repeated ones joined), else as the web Request has them. */
function headersOf(c: Context<AppEnv>): Record<string, string> {
  const parsed = c.env?.incoming?.headers;
  if (!parsed) return c.req.header();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

/** The request target exactly as sent: the WHATWG URL parser may re-encode characters Up2pay signed. */
function rawUrl(c: Context<AppEnv>): string {
  return c.env?.incoming?.url ?? c.req.url;
}

/** Public notification endpoints: protected by the PSPs' signatures, not by sign-in. */
export function ipnRoutes(notifications: NotificationService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.all('/ipn/:psp/:account', async (c) => {
    const psp = c.req.param('psp');
    if (!(PSPS as readonly string[]).includes(psp)) return c.text(`unknown PSP "${psp}": expected one of ${PSPS.join(', ')}\n`, 404);
    const url = rawUrl(c);
    const q = url.indexOf('?');
    const { body, size, truncated } = await readBody(c, MAX_NOTIFICATION_BYTES);
    const answer = await notifications.receive({
      receivedAt: new Date().toISOString(),
      psp: psp as Psp,
      accountId: c.req.param('account'),
      method: c.req.method,
      path: c.req.path,
      query: q >= 0 ? url.slice(q + 1) : '',
      headers: headersOf(c),
      body,
      bodySize: size,
      bodyTruncated: truncated,
      remoteAddress: clientAddress(c),
    });
    return c.text(`${answer.message}\n`, answer.status as 200);
  });
  return app;
}

import { Hono, type Context } from 'hono';
import { PSPS, type Psp } from '../../shared/psp';
import { clientAddress, type AppEnv } from '../http/context';
import { MAX_NOTIFICATION_BYTES, type NotificationService } from '../ingest/notifications';

/** Past this, the connection is cut instead of read to the end. */
const DRAIN_LIMIT = 16 * 1024 * 1024;

/**
 * Keeps at most `limit` bytes of the body. The rest is read and dropped (up to DRAIN_LIMIT) so the
 * sender gets a clean 413 rather than a reset connection, and its real size is recorded. Under Node
 * the body is read straight from the socket stream: building a web Request for it costs more than
 * everything else a notification needs.
 */
async function readBody(c: Context<AppEnv>, limit: number): Promise<{ body: Buffer; size: number; truncated: boolean }> {
  // Node's web streams are async-iterable; the DOM typings do not say so.
  const source = (c.env?.incoming ?? c.req.raw.body) as AsyncIterable<Uint8Array> | null;
  if (!source) return { body: Buffer.alloc(0), size: 0, truncated: false };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const value of source) {
    if (size + value.byteLength <= limit) chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    else if (size < limit) chunks.push(Buffer.from(value.subarray(0, limit - size)));
    size += value.byteLength;
    if (size > DRAIN_LIMIT) break;
  }
  return { body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), size, truncated: size > limit };
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
      headers: c.req.header(),
      body,
      bodySize: size,
      bodyTruncated: truncated,
      remoteAddress: clientAddress(c),
    });
    return c.text(`${answer.message}\n`, answer.status as 200);
  });
  return app;
}

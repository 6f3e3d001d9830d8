import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** The floor: a Hono handler on the same adapter that reads the body and answers, storing nothing. */
const app = new Hono();
app.all('/ipn/:psp/:account', async (c) => {
  await c.req.arrayBuffer();
  return c.text('OK\n');
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('ready'));

import { describe, expect, it } from 'vitest';
import type { Account } from '../../server/config/accounts';
import { adapterFor } from '../../server/psp/registry';
import { exampleConfigFor } from '../../sandbox/config';
import { Sandbox } from '../../sandbox/sandbox';

/**
 * A notification's event is identified by the hash of its observation's JSON (server/storage/fingerprint.ts),
 * so the same notification received before and after an upgrade must give the same text: the keys of
 * a part, in their order, are pinned here. Changing them makes a PSP's retry of an old notification
 * count as a new event.
 */
const config = exampleConfigFor('http://127.0.0.1:8788');
const sandbox = new Sandbox(config);

function partKeys(accountId: string): string[][] {
  const account = config.accounts.get(accountId) as Account;
  const orders = sandbox.generate(20, { seed: 11, accountIds: [accountId] });
  const keys = new Set<string>();
  for (const message of orders.flatMap((o) => sandbox.messages(o))) {
    const interpreted = adapterFor(account).interpret({ method: message.method, query: message.query, body: Buffer.from(message.body), contentType: message.contentType }, account);
    if (!('ok' in interpreted) || !interpreted.ok) continue;
    for (const part of interpreted.observation.parts) keys.add(JSON.stringify(Object.keys(part)));
  }
  return [...keys].map((k) => JSON.parse(k) as string[]);
}

describe('the JSON of a notification part keeps its key order', () => {
  it('Sips, with or without a SPLIT', () => {
    expect(partKeys('sips-shop')).toEqual([
      ['currency', 'status', 'responseCode', 'message', 'pspTransactionId', 'occurredAt', 'captureDelayDays', 'brand', 'kind', 'partKey', 'amount', 'authorisationId', 'maskedPan', 'anomalies'],
    ]);
  });

  it('Up2pay', () => {
    expect(partKeys('up2pay-shop')).toEqual([
      ['partKey', 'kind', 'brand', 'amount', 'currency', 'status', 'responseCode', 'message', 'pspTransactionId', 'authorisationId', 'maskedPan', 'occurredAt', 'captureDelayDays', 'anomalies'],
    ]);
  });
});

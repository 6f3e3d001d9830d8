import type { SipsAccount } from '../../config/accounts';
import type { CashConnector } from '../cash';

/** Sips cash operations (PSP-FORMATS.md). Placeholder until the connector lands. */
export const sipsCash: CashConnector<SipsAccount> = {
  psp: 'sips',
  execute: async (_account, request) => ({ state: 'failed', code: 'NOT_CONNECTED', message: `sips ${request.type} is not connected yet`, pspRequestId: null }),
  inquire: async () => ({ ok: false, code: 'NOT_CONNECTED', message: 'sips inquiry is not connected yet' }),
};

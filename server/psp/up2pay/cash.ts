import type { Up2payAccount } from '../../config/accounts';
import type { CashConnector } from '../cash';

/** Up2pay cash operations (PSP-FORMATS.md). Placeholder until the connector lands. */
export const up2payCash: CashConnector<Up2payAccount> = {
  psp: 'up2pay',
  execute: async (_account, request) => ({ state: 'failed', code: 'NOT_CONNECTED', message: `up2pay ${request.type} is not connected yet`, pspRequestId: null }),
  inquire: async () => ({ ok: false, code: 'NOT_CONNECTED', message: 'up2pay inquiry is not connected yet' }),
};

import type { PaylineAccount } from '../../config/accounts';
import type { CashConnector } from '../cash';

/** Payline cash operations (PSP-FORMATS.md). Placeholder until the connector lands. */
export const paylineCash: CashConnector<PaylineAccount> = {
  psp: 'payline',
  execute: async (_account, request) => ({ state: 'failed', code: 'NOT_CONNECTED', message: `payline ${request.type} is not connected yet`, pspRequestId: null }),
  inquire: async () => ({ ok: false, code: 'NOT_CONNECTED', message: 'payline inquiry is not connected yet' }),
};

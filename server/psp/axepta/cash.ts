import type { AxeptaAccount } from '../../config/accounts';
import type { CashConnector } from '../cash';

/** Axepta cash operations (PSP-FORMATS.md). Placeholder until the connector lands. */
export const axeptaCash: CashConnector<AxeptaAccount> = {
  psp: 'axepta',
  execute: async (_account, request) => ({ state: 'failed', code: 'NOT_CONNECTED', message: `axepta ${request.type} is not connected yet`, pspRequestId: null }),
  inquire: async () => ({ ok: false, code: 'NOT_CONNECTED', message: 'axepta inquiry is not connected yet' }),
};

import { AccountListSchema } from '../../shared/api';
import { PSP_LABELS } from '../../shared/psp';
import type { AppConfig } from '../config/accounts';
import { defineRoute, reply } from '../http/api-route';

export function accountRoutes(config: AppConfig) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/accounts',
      summary: 'Configured PSP accounts (identifiers only, never secrets)',
      tag: 'Configuration',
      role: 'viewer',
      response: AccountListSchema,
      handler: async () =>
        reply({ items: [...config.accounts.values()].map((a) => ({ id: a.id, psp: a.psp, label: a.label ?? `${PSP_LABELS[a.psp]} ${a.id}` })) }),
    }),
  ];
}

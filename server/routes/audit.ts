import { AuditListSchema, AuditQuerySchema } from '../../shared/api-auth';
import { defineRoute, reply } from '../http/api-route';
import type { Storage } from '../storage/storage';

export function auditRoutes(storage: Storage) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit',
      summary: 'The audit log, newest first: who did what, on which object, when, from where',
      tag: 'Audit',
      role: 'supervisor',
      query: AuditQuerySchema,
      response: AuditListSchema,
      handler: async ({ query }) => reply(await storage.audit.list(query)),
    }),
  ];
}

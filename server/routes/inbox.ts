import { InboxDetailSchema, InboxListSchema, InboxQuerySchema, ReplayResultSchema } from '../../shared/api';
import { defineRoute, problem, reply, IdParams } from '../http/api-route';
import type { NotificationService } from '../ingest/notifications';
import type { Storage } from '../storage/storage';

export function inboxRoutes({ storage, notifications }: { storage: Storage; notifications: NotificationService }) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/inbox',
      summary: 'Every notification received, with its verification and outcome',
      tag: 'Inbox',
      role: 'viewer',
      query: InboxQuerySchema,
      response: InboxListSchema,
      handler: async ({ query }) => reply(await storage.listInbox(query)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/inbox/:id',
      summary: 'One stored notification, with its exact headers and body',
      tag: 'Inbox',
      role: 'viewer',
      params: IdParams,
      response: InboxDetailSchema,
      errors: { 404: 'No such notification' },
      handler: async ({ params }) => {
        const item = await storage.getInbox(params.id);
        return item ? reply(item) : problem(404, 'NOT_FOUND', `notification ${params.id} does not exist`);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/inbox/:id/replay',
      summary: 'Process a stored notification again (after a fix, a key rotation, a new account)',
      tag: 'Inbox',
      role: 'supervisor',
      params: IdParams,
      response: ReplayResultSchema,
      errors: { 404: 'No such notification' },
      handler: async ({ params, actor }) => {
        const result = await notifications.replay(params.id);
        if (!result) return problem(404, 'NOT_FOUND', `notification ${params.id} does not exist`);
        await storage.audit.record(actor, { action: 'inbox.replay', objectType: 'inbox', objectId: params.id, after: result });
        return reply(result);
      },
    }),
  ];
}

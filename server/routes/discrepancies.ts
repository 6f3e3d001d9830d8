import { AcknowledgeBodySchema, DiscrepancyCountsSchema, AcknowledgeResultSchema, DiscrepanciesQuerySchema, DiscrepancyListSchema, DiscrepancySchema, ReconcileSummarySchema, ResolveBodySchema } from '../../shared/discrepancies';
import { defineRoute, problem, reply, IdParams } from '../http/api-route';
import type { Reconciler } from '../reconcile/reconciler';
import type { Storage } from '../storage/storage';

export function discrepancyRoutes({ storage, reconciler }: { storage: Storage; reconciler: Reconciler }) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/discrepancies',
      summary: 'The reconciliation queue: where notifications, reports and our own operations disagree',
      tag: 'Reconciliation',
      role: 'viewer',
      query: DiscrepanciesQuerySchema,
      response: DiscrepancyListSchema,
      handler: async ({ query }) => reply(await storage.discrepancies.list(query)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/discrepancies/counts',
      summary: 'How many discrepancies of each type the filters let through',
      tag: 'Reconciliation',
      role: 'viewer',
      query: DiscrepanciesQuerySchema.omit({ type: true, limit: true, offset: true }),
      response: DiscrepancyCountsSchema,
      handler: async ({ query }) => reply(await storage.discrepancies.counts(query)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/discrepancies/:id',
      summary: 'One discrepancy, with its evidence',
      tag: 'Reconciliation',
      role: 'viewer',
      params: IdParams,
      response: DiscrepancySchema,
      errors: { 404: 'No such discrepancy' },
      handler: async ({ params }) => {
        const d = await storage.discrepancies.get(params.id);
        return d ? reply(d) : problem(404, 'NOT_FOUND', `discrepancy ${params.id} does not exist`);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/discrepancies/:id/resolve',
      summary: 'Resolve a discrepancy, saying how',
      tag: 'Reconciliation',
      role: 'agent',
      params: IdParams,
      body: ResolveBodySchema,
      response: DiscrepancySchema,
      errors: { 404: 'No such discrepancy', 409: 'Already resolved or closed' },
      handler: async ({ params, body, actor }) => {
        const before = await storage.discrepancies.get(params.id);
        if (!before) return problem(404, 'NOT_FOUND', `discrepancy ${params.id} does not exist`);
        if (before.status === 'resolved' || before.status === 'closed') return problem(409, 'ALREADY_HANDLED', `discrepancy ${params.id} is already ${before.status}${before.handledBy ? ` (by ${before.handledBy})` : ''}`);
        return reply((await storage.discrepancies.resolve(params.id, body.note, actor))!);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/discrepancies/:id/acknowledge',
      summary: 'Acknowledge a discrepancy: someone is on it',
      tag: 'Reconciliation',
      role: 'agent',
      params: IdParams,
      response: AcknowledgeResultSchema,
      errors: { 404: 'No such discrepancy' },
      handler: async ({ params, actor }) => {
        if (!(await storage.discrepancies.get(params.id))) return problem(404, 'NOT_FOUND', `discrepancy ${params.id} does not exist`);
        return reply({ acknowledged: await storage.discrepancies.acknowledge([params.id], actor, null) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/discrepancies/acknowledge',
      summary: 'Acknowledge several discrepancies at once (those already resolved or closed are left as they are)',
      tag: 'Reconciliation',
      role: 'agent',
      body: AcknowledgeBodySchema,
      response: AcknowledgeResultSchema,
      handler: async ({ body, actor }) => reply({ acknowledged: await storage.discrepancies.acknowledge(body.ids, actor, body.note ?? null) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/discrepancies/reconcile',
      summary: 'Reconcile every order now (after a change of rules, or to rebuild the queue)',
      tag: 'Reconciliation',
      role: 'supervisor',
      response: ReconcileSummarySchema,
      handler: async ({ actor }) => {
        const summary = await reconciler.fullPass();
        await storage.audit.record(actor, { action: 'reconciliation.full_pass', after: summary });
        return reply(summary);
      },
    }),
  ];
}

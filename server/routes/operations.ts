import {
  DecisionBodySchema,
  OperationExchangeListSchema,
  OperationListSchema,
  OperationsExportQuerySchema,
  OperationRequestSchema,
  OperationResultSchema,
  OperationSchema,
  OperationsQuerySchema,
  RefundProposalQuerySchema,
  RefundProposalSchema,
  RejectBodySchema,
  type Operation,
  type OperationsQuery,
} from '../../shared/api-operations';
import { parisDay } from '../../shared/time';
import { z } from 'zod';
import { operationsCsv, operationsFileName, operationsXlsx } from '../domain/operations-export';
import type { RuleSwitches } from '../../shared/rules';
import { withAllowances } from '../domain/allowance';
import { proposeRefund } from '../domain/refund-assistant';
import { defineRoute, file, IdParams, problem, reply } from '../http/api-route';
import type { OperationService } from '../operations/operation-service';
import type { OperationAnswer, Storage } from '../storage/storage';

export interface OperationRouteDeps {
  storage: Storage;
  operations: OperationService;
  switches: RuleSwitches;
  now: () => Date;
}

const FILE_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** Every operation the filters let through, a page at a time. */
async function everyOperation(storage: Storage, filters: Omit<OperationsQuery, 'limit' | 'offset'>): Promise<Operation[]> {
  const all: Operation[] = [];
  for (let page; (page = await storage.operations.list({ ...filters, limit: 500, offset: all.length })).items.length > 0; ) all.push(...page.items);
  return all;
}

/** 201 for a new operation, 200 for the replay of an idempotency key, the refusal otherwise. */
function answer(a: OperationAnswer, created = false) {
  if (!a.ok) return problem(a.refusal.status, a.refusal.code, a.refusal.message, a.refusal.field);
  return reply({ operation: a.operation, replayed: a.replayed }, created && !a.replayed ? 201 : 200);
}

const ERRORS = { 404: 'No such part or operation', 409: 'Not allowed by the rule table, above the allowance, or the idempotency key was used for another request' };

export function operationRoutes({ storage, operations, switches, now }: OperationRouteDeps) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/parts/:id/operations',
      // The allowance is checked inside the write transaction that records the operation as pending, so
      // concurrent requests cannot together exceed it; the same idempotencyKey answers the first request.
      summary: 'Refund, cancel, capture or validate a part through its PSP, within its rules; above the limit it waits for a supervisor',
      tag: 'Operations',
      role: 'agent',
      params: IdParams,
      body: OperationRequestSchema,
      response: OperationResultSchema,
      errors: { ...ERRORS, 422: 'A refund beyond the initial amount needs confirmOverInitial' },
      handler: async ({ params, body, principal, actor }) => answer(await operations.request(params.id, body, principal!, actor), true),
    }),
    defineRoute({
      method: 'get',
      path: '/api/operations',
      summary: 'Cash operations issued from the product, with their state',
      tag: 'Operations',
      role: 'viewer',
      query: OperationsQuerySchema,
      response: OperationListSchema,
      handler: async ({ query }) => reply(await storage.operations.list(query)),
    }),
    ...(['csv', 'xlsx'] as const).map((extension) =>
      defineRoute({
        method: 'get',
        path: `/api/operations.${extension}`,
        summary: `Every operation the filters let through, as ${extension === 'csv' ? 'CSV' : 'an Excel workbook'}: fr (French headings, ; and decimal comma in CSV) or en`,
        tag: 'Operations',
        role: 'viewer',
        query: OperationsExportQuerySchema,
        response: z.string(),
        produces: FILE_TYPES[extension],
        handler: async ({ query }) => {
          const { format, ...filters } = query;
          const operations = await everyOperation(storage, filters);
          const content = extension === 'csv' ? operationsCsv(operations, format) : new Uint8Array(operationsXlsx(operations, format, now()));
          return file(content, FILE_TYPES[extension], operationsFileName(parisDay(now()), extension));
        },
      }),
    ),
    defineRoute({
      method: 'get',
      path: '/api/operations/:id',
      summary: 'One cash operation',
      tag: 'Operations',
      role: 'viewer',
      params: IdParams,
      response: OperationSchema,
      errors: { 404: 'No such operation' },
      handler: async ({ params }) => {
        const operation = await storage.operations.get(params.id);
        return operation ? reply(operation) : problem(404, 'NOT_FOUND', `operation ${params.id} does not exist`);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/operations/:id/exchanges',
      summary: 'What was sent to the PSP for an operation and what it answered, exactly (without headers)',
      tag: 'Operations',
      role: 'agent',
      params: IdParams,
      response: OperationExchangeListSchema,
      errors: { 404: 'No such operation' },
      handler: async ({ params }) => {
        if (!(await storage.operations.get(params.id))) return problem(404, 'NOT_FOUND', `operation ${params.id} does not exist`);
        return reply({ items: await storage.operations.exchanges(params.id) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/operations/:id/approve',
      summary: 'Approve a request awaiting approval (another person than the requester); it is then sent to the PSP',
      tag: 'Operations',
      role: 'supervisor',
      params: IdParams,
      body: DecisionBodySchema,
      response: OperationResultSchema,
      errors: { ...ERRORS, 403: 'The requester cannot approve their own request' },
      handler: async ({ params, body, principal, actor }) => answer(await operations.approve(params.id, principal!, actor, body.note ?? null)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/operations/:id/reject',
      summary: 'Reject a request awaiting approval, saying why',
      tag: 'Operations',
      role: 'supervisor',
      params: IdParams,
      body: RejectBodySchema,
      response: OperationResultSchema,
      errors: ERRORS,
      handler: async ({ params, body, principal, actor }) => answer(await operations.reject(params.id, principal!, actor, body.note)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/operations/:id/resolve',
      summary: 'Ask the PSP whether an operation of unknown outcome happened',
      tag: 'Operations',
      role: 'agent',
      params: IdParams,
      response: OperationResultSchema,
      errors: ERRORS,
      handler: async ({ params, actor }) => answer(await operations.resolve(params.id, actor)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/orders/:id/refund-proposal',
      summary: 'The refund assistant: how to give an amount back across the order\'s parts, and what cannot be refunded',
      tag: 'Operations',
      role: 'agent',
      params: IdParams,
      query: RefundProposalQuerySchema,
      response: RefundProposalSchema,
      errors: { 404: 'No such order' },
      handler: async ({ params, query }) => {
        const order = await storage.getOrder(params.id);
        if (!order) return problem(404, 'NOT_FOUND', `order ${params.id} does not exist`);
        const reserved = await storage.operations.reserved(order.id);
        return reply(proposeRefund(withAllowances(order.psp, order.parts, reserved, now(), switches), query.amount, order.currency));
      },
    }),
  ];
}

import { OrderDetailSchema, OrderListSchema, OrdersQuerySchema, type OrderDetail } from '../../shared/api';
import type { RuleSwitches } from '../../shared/rules';
import { withAllowances } from '../domain/allowance';
import { defineRoute, problem, reply, IdParams } from '../http/api-route';
import type { Storage, StoredOrder } from '../storage/storage';

export interface OrderRouteDeps {
  storage: Storage;
  switches: RuleSwitches;
  now: () => Date;
}

/** An order with, for each part, what the rule table allows now (less what operations in flight hold), and its cash operations. */
async function orderDetail(storage: Storage, order: StoredOrder, switches: RuleSwitches, now: Date): Promise<OrderDetail> {
  const [reserved, cashOperations] = await Promise.all([storage.operations.reserved(order.id), storage.operations.ofOrder(order.id)]);
  return {
    ...order,
    cashOperations,
    parts: withAllowances(order.psp, order.parts, reserved, now, switches),
  };
}

export function orderRoutes({ storage, switches, now }: OrderRouteDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/orders',
      summary: 'Orders, filtered, sorted and paged',
      tag: 'Orders',
      role: 'viewer',
      query: OrdersQuerySchema,
      response: OrderListSchema,
      handler: async ({ query }) => reply(await storage.listOrders(query)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/orders/:id',
      summary: 'One order with its parts, their history, allowed operations and raw notifications',
      tag: 'Orders',
      role: 'viewer',
      params: IdParams,
      response: OrderDetailSchema,
      errors: { 404: 'No such order' },
      handler: async ({ params }) => {
        const order = await storage.getOrder(params.id);
        return order ? reply(await orderDetail(storage, order, switches, now())) : problem(404, 'NOT_FOUND', `order ${params.id} does not exist`);
      },
    }),
  ];
}

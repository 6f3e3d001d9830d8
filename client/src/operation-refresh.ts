import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { queryKeys } from './api';

/**
 * After an operation was asked, decided or resolved: the order (its refunded amounts, its allowances,
 * its cash operations), every operation list and the order's refund proposals are read again.
 */
export function useRefreshAfterOperation(): (orderId: number) => Promise<unknown> {
  const queryClient = useQueryClient();
  return useCallback(
    (orderId: number) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.order(orderId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.operationsAll }),
        queryClient.invalidateQueries({ queryKey: queryKeys.refundProposals(orderId) }),
      ]),
    [queryClient],
  );
}

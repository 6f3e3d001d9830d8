import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ImportDetail, ImportStatus, ImportSummary } from '../../shared/api-imports';
import { api, queryKeys } from './api';

/** How often a running import is asked for its progress. */
export const IMPORT_POLL_MS = 500;

/** Received (stored, not yet read), processing (rows being checked) or accepted (being applied): the import will change, so it is polled. */
export function isRunning(status: ImportStatus): boolean {
  return status === 'received' || status === 'processing' || status === 'accepted';
}

/** One import, polled every IMPORT_POLL_MS while it runs. */
export function useImportDetail(id: number, enabled = true) {
  return useQuery({
    queryKey: queryKeys.importItem(id),
    queryFn: () => api.importItem(id),
    enabled,
    refetchInterval: (query) => (query.state.data && isRunning(query.state.data.status) ? IMPORT_POLL_MS : false),
  });
}

/**
 * When an import this page saw running has finished, what shows its effects is refreshed: the
 * history, and the orders and parts the file confirmed or changed.
 */
export function useRefreshWhenFinished(item: ImportDetail | ImportSummary | undefined): void {
  const queryClient = useQueryClient();
  const sawRunning = useRef(false);
  const running = item ? isRunning(item.status) : false;
  useEffect(() => {
    if (running) {
      sawRunning.current = true;
      return;
    }
    if (!item || !sawRunning.current) return;
    sawRunning.current = false;
    void Promise.all(['imports', 'orders', 'order'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
  }, [item, running, queryClient]);
}

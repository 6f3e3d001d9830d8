import type { z } from 'zod';
import {
  AccountListSchema,
  ApiErrorSchema,
  InboxDetailSchema,
  InboxListSchema,
  OrderDetailSchema,
  OrderListSchema,
  ReplayResultSchema,
  type InboxQuery,
  type OrdersQuery,
} from '../../shared/api';
import {
  ApiTokenListSchema,
  ApiTokenSchema,
  AuditListSchema,
  CreatedTokenSchema,
  MeSchema,
  OkSchema,
  UserListSchema,
  UserSchema,
  type AuditQuery,
  type ChangeOwnPasswordBodySchema,
  type CreateTokenBodySchema,
  type CreateUserBodySchema,
  type LoginBodySchema,
  type UpdateUserBodySchema,
} from '../../shared/api-auth';
import { ImportDetailSchema, ImportListSchema, ProfileListSchema, type ImportsQuery } from '../../shared/api-imports';
import {
  OperationExchangeListSchema,
  OperationListSchema,
  OperationResultSchema,
  OperationSchema,
  RefundProposalSchema,
  type DecisionBodySchema,
  type OperationRequestSchema,
  type OperationsQuery,
  type RejectBodySchema,
} from '../../shared/api-operations';
import { DailyReportSchema, type CsvFormat, type DailyReportQuery } from '../../shared/api-reports';
import {
  AcknowledgeResultSchema,
  DiscrepancyCountsSchema,
  DiscrepancyListSchema,
  DiscrepancySchema,
  ReconcileSummarySchema,
  type AcknowledgeBodySchema,
  type DiscrepanciesQuery,
} from '../../shared/discrepancies';

/** An API answer that is not a success, carrying the server's own code and message. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

async function request<S extends z.ZodType>(schema: S, path: string, init?: RequestInit): Promise<z.output<S>> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  } catch (error) {
    throw new ApiRequestError(0, 'NETWORK_ERROR', `the server could not be reached (${(error as Error).message})`);
  }
  const json: unknown = await response.json().catch(() => undefined);
  return readAnswer(schema, path, { status: response.status, statusText: response.statusText, json });
}

/** An answer's JSON checked against its schema, or the server's own error (fetch and XMLHttpRequest alike). */
function readAnswer<S extends z.ZodType>(schema: S, path: string, answer: { status: number; statusText: string; json: unknown }): z.output<S> {
  const { status, statusText, json } = answer;
  if (status < 200 || status > 299) {
    const problem = ApiErrorSchema.safeParse(json);
    if (problem.success) throw new ApiRequestError(status, problem.data.error.code, problem.data.error.message, problem.data.error.field);
    throw new ApiRequestError(status, 'HTTP_ERROR', `the server answered HTTP ${status} ${statusText}`.trim());
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // The server and the client share the schemas, so this means they were built from different versions.
    const issue = parsed.error.issues[0];
    throw new ApiRequestError(status, 'BAD_RESPONSE', `unexpected answer from ${path}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`);
  }
  return parsed.data;
}

/**
 * A multipart upload through XMLHttpRequest, the one browser API that reports upload progress
 * (fetch cannot). `onProgress` gets the bytes sent and the total; the answer is read like request's.
 */
function upload<S extends z.ZodType>(schema: S, path: string, form: FormData, onProgress: (sent: number, total: number) => void): Promise<z.output<S>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = undefined;
      }
      try {
        resolve(readAnswer(schema, path, { status: xhr.status, statusText: xhr.statusText, json }));
      } catch (error) {
        reject(error as Error);
      }
    });
    xhr.addEventListener('error', () => reject(new ApiRequestError(0, 'NETWORK_ERROR', 'the server could not be reached: the upload did not complete')));
    xhr.addEventListener('abort', () => reject(new ApiRequestError(0, 'ABORTED', 'the upload was cancelled')));
    xhr.send(form);
  });
}

/** The report-file upload form: account and profile before the file, so the server reads them first. */
function importForm(file: File, options: { account?: string; profile?: string }): FormData {
  const form = new FormData();
  if (options.account) form.append('account', options.account);
  if (options.profile) form.append('profile', options.profile);
  form.append('file', file, file.name);
  return form;
}

/** A JSON request body; the server reads nothing else. */
function sendJson(method: 'POST' | 'PATCH', body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Query string of the set values only. */
function toSearch(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The daily report as a CSV file (a plain link: the browser downloads it with the session cookie). */
export function dailyReportCsvUrl(query: DailyReportQuery, format: CsvFormat): string {
  return `/api/reports/daily.csv${toSearch({ ...query, format })}`;
}

export function dailyReportXlsxUrl(query: DailyReportQuery, format: CsvFormat): string {
  return `/api/reports/daily.xlsx${toSearch({ ...query, format })}`;
}

/** The Refunds page's filters as a file (all matching operations, not one page). */
export function operationsFileUrl(query: OperationsQuery, extension: 'csv' | 'xlsx', format: CsvFormat): string {
  const { limit: _limit, offset: _offset, ...filters } = query;
  return `/api/operations.${extension}${toSearch({ ...filters, format })}`;
}

export const api = {
  orders: (query: OrdersQuery) => request(OrderListSchema, `/api/orders${toSearch(query)}`),
  order: (id: number) => request(OrderDetailSchema, `/api/orders/${id}`),
  inbox: (query: InboxQuery) => request(InboxListSchema, `/api/inbox${toSearch(query)}`),
  inboxItem: (id: number) => request(InboxDetailSchema, `/api/inbox/${id}`),
  replay: (id: number) => request(ReplayResultSchema, `/api/inbox/${id}/replay`, { method: 'POST' }),
  accounts: () => request(AccountListSchema, '/api/accounts'),
  login: (body: z.input<typeof LoginBodySchema>) => request(MeSchema, '/api/auth/login', sendJson('POST', body)),
  logout: () => request(OkSchema, '/api/auth/logout', { method: 'POST' }),
  me: () => request(MeSchema, '/api/auth/me'),
  changePassword: (body: z.input<typeof ChangeOwnPasswordBodySchema>) => request(MeSchema, '/api/auth/password', sendJson('POST', body)),
  users: () => request(UserListSchema, '/api/users'),
  createUser: (body: z.input<typeof CreateUserBodySchema>) => request(UserSchema, '/api/users', sendJson('POST', body)),
  updateUser: (id: number, body: z.input<typeof UpdateUserBodySchema>) => request(UserSchema, `/api/users/${id}`, sendJson('PATCH', body)),
  setUserPassword: (id: number, password: string) => request(UserSchema, `/api/users/${id}/password`, sendJson('POST', { password })),
  tokens: () => request(ApiTokenListSchema, '/api/tokens'),
  createToken: (body: z.input<typeof CreateTokenBodySchema>) => request(CreatedTokenSchema, '/api/tokens', sendJson('POST', body)),
  revokeToken: (id: number) => request(ApiTokenSchema, `/api/tokens/${id}/revoke`, { method: 'POST' }),
  audit: (query: AuditQuery) => request(AuditListSchema, `/api/audit${toSearch(query)}`),
  imports: (query: ImportsQuery) => request(ImportListSchema, `/api/imports${toSearch(query)}`),
  importItem: (id: number) => request(ImportDetailSchema, `/api/imports/${id}`),
  importProfiles: () => request(ProfileListSchema, '/api/import-profiles'),
  /** Answers (202) as soon as the file is stored; the import then goes on, to be followed with importItem. */
  uploadImport: (file: File, options: { account?: string; profile?: string }, onProgress: (sent: number, total: number) => void) =>
    upload(ImportDetailSchema, '/api/imports', importForm(file, options), onProgress),
  discrepancies: (query: Partial<DiscrepanciesQuery>) => request(DiscrepancyListSchema, `/api/discrepancies${toSearch(query)}`),
  discrepancyCounts: (query: Partial<DiscrepanciesQuery>) => request(DiscrepancyCountsSchema, `/api/discrepancies/counts${toSearch(query)}`),
  resolveDiscrepancy: (id: number, note: string) => request(DiscrepancySchema, `/api/discrepancies/${id}/resolve`, sendJson('POST', { note })),
  acknowledgeDiscrepancies: (body: z.input<typeof AcknowledgeBodySchema>) => request(AcknowledgeResultSchema, '/api/discrepancies/acknowledge', sendJson('POST', body)),
  /** Every order reconciled again; answers with how many were looked at, opened and closed. */
  reconcileAll: () => request(ReconcileSummarySchema, '/api/discrepancies/reconcile', { method: 'POST' }),
  /** Per Paris day of the order, account and brand, with the day and range totals (one per currency). */
  dailyReport: (query: DailyReportQuery) => request(DailyReportSchema, `/api/reports/daily${toSearch(query)}`),
  /** 201 when issued, 200 when the idempotency key was already used (the first result, `replayed`). */
  requestOperation: (partId: number, body: z.input<typeof OperationRequestSchema>) => request(OperationResultSchema, `/api/parts/${partId}/operations`, sendJson('POST', body)),
  operations: (query: Partial<OperationsQuery>) => request(OperationListSchema, `/api/operations${toSearch(query)}`),
  operation: (id: number) => request(OperationSchema, `/api/operations/${id}`),
  operationExchanges: (id: number) => request(OperationExchangeListSchema, `/api/operations/${id}/exchanges`),
  /** Sent to the PSP at once: the answer carries its outcome. */
  approveOperation: (id: number, body: z.input<typeof DecisionBodySchema>) => request(OperationResultSchema, `/api/operations/${id}/approve`, sendJson('POST', body)),
  rejectOperation: (id: number, body: z.input<typeof RejectBodySchema>) => request(OperationResultSchema, `/api/operations/${id}/reject`, sendJson('POST', body)),
  /** Asks the PSP what became of an operation whose outcome is unknown; it may stay unknown. */
  resolveOperation: (id: number) => request(OperationResultSchema, `/api/operations/${id}/resolve`, { method: 'POST' }),
  /** How the refund assistant would give `amount` (cents) back across the order's parts. */
  refundProposal: (orderId: number, amount: number) => request(RefundProposalSchema, `/api/orders/${orderId}/refund-proposal${toSearch({ amount })}`),
};

/** React Query keys, in one place so invalidation matches what the pages read. */
export const queryKeys = {
  orders: (query: OrdersQuery) => ['orders', query] as const,
  order: (id: number) => ['order', id] as const,
  inbox: (query: InboxQuery) => ['inbox', query] as const,
  inboxItem: (id: number) => ['inbox-item', id] as const,
  accounts: ['accounts'] as const,
  me: ['me'] as const,
  users: ['users'] as const,
  tokens: ['tokens'] as const,
  audit: (query: AuditQuery) => ['audit', query] as const,
  imports: (query: ImportsQuery) => ['imports', query] as const,
  importItem: (id: number) => ['import-item', id] as const,
  importProfiles: ['import-profiles'] as const,
  /** Every discrepancy list and count starts with this, so one invalidation refreshes them all. */
  discrepanciesAll: ['discrepancies'] as const,
  discrepancies: (query: Partial<DiscrepanciesQuery>) => ['discrepancies', query] as const,
  discrepancyCounts: (query: Partial<DiscrepanciesQuery>) => ['discrepancies', 'counts', query] as const,
  dailyReport: (query: DailyReportQuery) => ['daily-report', query] as const,
  /** Every operation list starts with this, so one invalidation refreshes them all. */
  operationsAll: ['operations'] as const,
  operations: (query: Partial<OperationsQuery>) => ['operations', query] as const,
  operationExchanges: (id: number) => ['operations', 'exchanges', id] as const,
  /** Every proposal of an order starts with this: its allowances change after each operation. */
  refundProposals: (orderId: number) => ['refund-proposal', orderId] as const,
  refundProposal: (orderId: number, amount: number) => ['refund-proposal', orderId, amount] as const,
};

import { z } from 'zod';
import { DailyReportCsvQuerySchema, DailyReportQuerySchema, DailyReportSchema, type DailyReport, type DailyReportQuery } from '../../shared/api-reports';
import { parisDay } from '../../shared/time';
import { dailyReportCsv, dailyReportFileName, dailyReportXlsx } from '../domain/daily-report-export';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
import { resolveRange } from '../domain/daily-report';
import { defineRoute, file, problem, reply, type Reply } from '../http/api-route';
import type { Storage } from '../storage/storage';

export interface ReportRouteDeps {
  storage: Storage;
  now: () => Date;
}

/** The report of the range asked (defaults applied), or the 400 naming the parameter that is wrong. */
async function dailyReport({ storage, now }: ReportRouteDeps, query: DailyReportQuery): Promise<{ ok: true; report: DailyReport } | { ok: false; refusal: Reply<never> }> {
  const range = resolveRange(query, parisDay(now()));
  if (!range.ok) {
    const field = `query.${range.error.field}`;
    return { ok: false, refusal: problem(400, 'INVALID_INPUT', `${field}: ${range.error.message}`, field) };
  }
  return { ok: true, report: await storage.reports.daily({ ...range.value, account: query.account, psp: query.psp }) };
}

export function reportRoutes(deps: ReportRouteDeps) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/reports/daily',
      summary: 'Daily report: per Paris day, account and brand, counts, gross, refunds, net, pending and failed; totals; settlement',
      tag: 'Reports',
      role: 'viewer',
      query: DailyReportQuerySchema,
      response: DailyReportSchema,
      handler: async ({ query }) => {
        const result = await dailyReport(deps, query);
        return result.ok ? reply(result.report) : result.refusal;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/reports/daily.csv',
      summary: 'Daily report as CSV, one line per day, account and brand: fr (;, decimal comma, dd/mm/yyyy, BOM) or en (, . ISO dates)',
      tag: 'Reports',
      role: 'viewer',
      query: DailyReportCsvQuerySchema,
      response: z.string(),
      produces: 'text/csv',
      handler: async ({ query }) => {
        const result = await dailyReport(deps, query);
        if (!result.ok) return result.refusal;
        return file(dailyReportCsv(result.report, query.format), 'text/csv; charset=utf-8', dailyReportFileName(result.report, query.format));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/reports/daily.xlsx',
      summary: 'Daily report as an Excel workbook: the CSV columns, amounts as numbers, days as dates; fr (French headings, dd/mm/yyyy) or en',
      tag: 'Reports',
      role: 'viewer',
      query: DailyReportCsvQuerySchema,
      response: z.string(),
      produces: XLSX_TYPE,
      handler: async ({ query }) => {
        const result = await dailyReport(deps, query);
        if (!result.ok) return result.refusal;
        return file(new Uint8Array(dailyReportXlsx(result.report, query.format, deps.now())), XLSX_TYPE, dailyReportFileName(result.report, query.format, 'xlsx'));
      },
    }),
  ];
}

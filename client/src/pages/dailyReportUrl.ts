import { DailyReportQuerySchema, type DailyReportQuery } from '../../../shared/api-reports';
import { parseSearch } from '../url-query';

/** The report's parameters, the same names in the URL and the API; a missing range is the API's default. */
export const DAILY_REPORT_FILTER_KEYS = ['from', 'to', 'psp', 'account'] as const;
export type DailyReportFilterKey = (typeof DAILY_REPORT_FILTER_KEYS)[number];

export function dailyReportQueryFromUrl(search: URLSearchParams): DailyReportQuery {
  return parseSearch(DailyReportQuerySchema, search);
}

import type { Psp } from '../../shared/psp';
import type { Account } from '../config/accounts';
import type { NotificationAdapter } from './adapter';
import type { CashConnector } from './cash';
import { axeptaCash } from './axepta/cash';
import { paylineCash } from './payline/cash';
import { sipsCash } from './sips/cash';
import { up2payCash } from './up2pay/cash';
import type { OrderObservation } from '../domain/observation';
import type { ReportRow } from '../imports/report-row';
import { axeptaNotifications } from './axepta/notification';
import { axeptaReportObservation } from './axepta/report';
import { paylineNotifications } from './payline/notification';
import { paylineReportObservation } from './payline/report';
import { sipsNotifications } from './sips/notification';
import { sipsReportObservation } from './sips/report';
import { up2payNotifications } from './up2pay/notification';
import { up2payReportObservation } from './up2pay/report';

/** One notification adapter per PSP folder. */
export const notificationAdapters: Record<Psp, NotificationAdapter<never>> = {
  sips: sipsNotifications,
  up2pay: up2payNotifications,
  axepta: axeptaNotifications,
  payline: paylineNotifications,
};

export function adapterFor(account: Account): NotificationAdapter<Account> {
  return notificationAdapters[account.psp] as unknown as NotificationAdapter<Account>;
}

/** Reads a report row as what it says of its order and parts, per PSP. */
export type ReportMapper = (row: ReportRow, account: Account) => OrderObservation;

const reportMappers: Record<Psp, ReportMapper> = {
  sips: sipsReportObservation as ReportMapper,
  up2pay: up2payReportObservation as ReportMapper,
  axepta: axeptaReportObservation as ReportMapper,
  payline: paylineReportObservation as ReportMapper,
};

export function reportMapperFor(account: Account): ReportMapper {
  return reportMappers[account.psp];
}

/** One cash connector per PSP folder. */
const cashConnectors: Record<Psp, CashConnector<never>> = {
  sips: sipsCash,
  up2pay: up2payCash,
  axepta: axeptaCash,
  payline: paylineCash,
};

export function cashConnectorFor(account: Account): CashConnector<Account> {
  return cashConnectors[account.psp] as unknown as CashConnector<Account>;
}

import type { Psp } from '../../shared/psp';
import type { Account } from '../config/accounts';
import type { NotificationAdapter } from './adapter';
import { axeptaNotifications } from './axepta/notification';
import { paylineNotifications } from './payline/notification';
import { sipsNotifications } from './sips/notification';
import { up2payNotifications } from './up2pay/notification';

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

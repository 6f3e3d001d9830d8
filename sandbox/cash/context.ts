import type { Hono } from 'hono';
import type { Psp } from '../../shared/psp';
import type { AppConfig } from '../../server/config/accounts';
import type { Faults } from './faults';
import type { Ledger } from './ledger';

/** One cash request as the sandbox PSP received it: what tests check ("exactly one correctly signed request"). */
export interface CashCall {
  at: Date;
  psp: Psp;
  accountId: string | null;
  /** The API operation: refund, cancel, capture, validate, inquire... */
  operation: string;
  path: string;
  body: string;
  signatureValid: boolean;
  /** The PSP's answer code. */
  code: string;
}

/** What every sandbox cash API shares. */
export interface CashContext {
  config: AppConfig;
  ledger: Ledger;
  faults: Faults;
  calls: CashCall[];
}

/** A sandbox PSP's cash API, mounted on the sandbox's Hono app. */
export type MountCash = (app: Hono, context: CashContext) => void;

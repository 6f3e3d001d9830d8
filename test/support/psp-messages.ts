import type { AppConfig, AxeptaAccount, SipsAccount, Up2payAccount } from '../../server/config/accounts';
import { responseMac } from '../../server/psp/axepta/crypto';
import { formatSipsData } from '../../server/psp/sips/data';
import { paypageSeal } from '../../server/psp/sips/seal';
import { axeptaEnvelope, up2payQuery } from '../../sandbox/notify';

/** Hand-made PSP messages for tests that need to bend one field; the sandbox makes the realistic ones. */

export function accountOf<T>(config: AppConfig, id: string): T {
  const account = config.accounts.get(id);
  if (!account) throw new Error(`no account ${id}`);
  return account as T;
}

export const SIPS_SPLIT_FIELDS = {
  captureDay: '0',
  captureMode: 'AUTHOR_CAPTURE',
  currencyCode: '978',
  merchantId: '011223344550000',
  orderChannel: 'INTERNET',
  responseCode: '00',
  transactionDateTime: '2026-11-20T12:41:07+01:00',
  transactionReference: 'ORD20261120A1',
  keyVersion: '1',
  acquirerResponseCode: '00',
  amount: '2350',
  authorisationId: 'A1B2C3',
  paymentMeanBrand: 'CONECS',
  paymentMeanType: 'PROVIDER',
  orderId: 'CMD-88412',
  acquirerResponseMessage: 'SPLIT:APETIZ:1234567890:1900:CB:497010XXXXXX0014:450',
  customerEmail: 'lea.martin@example.fr',
  paymentPattern: 'ONE_SHOT',
};

/** A Sips automatic response form body, sealed with the account's key unless a seal is given. */
export function sipsForm(account: SipsAccount, fields: Record<string, string | null>, options: { seal?: string; data?: string } = {}): string {
  const data = options.data ?? formatSipsData(fields);
  const seal = options.seal ?? paypageSeal(data, account.secretKey, account.sealAlgorithm);
  return new URLSearchParams({ Data: data, Seal: seal, InterfaceVersion: 'HP_2.24', Encode: '' }).toString();
}

/** The seed 002 example pair: APETIZ 1500 + LIMOCB 1000 sharing Appel 2310165 and Ref foX8PuNwrNc8. */
export function seed002Pair(account: Up2payAccount): { voucher: string; card: string } {
  const common = { R: 'foX8PuNwrNc8', T: '2310165', P: 'LIMONETIK', E: '00000', W: '20112026', Q: '12:30:00', Y: 'FRA' };
  return {
    voucher: up2payQuery(account, { ...common, M: '1500', C: 'APETIZ', S: '722487980', A: null }),
    card: up2payQuery(account, { ...common, M: '1000', C: 'LIMOCB', S: '722487981', A: '123456' }),
  };
}

export function axeptaNotify(account: AxeptaAccount, f: { payId: string; transId: string; status?: string; code?: string; amount?: string; brand?: string; mac?: string }): string {
  const status = f.status ?? 'OK';
  const code = f.code ?? '00000000';
  const fields: Record<string, string> = {
    mid: account.merchantId,
    PayID: f.payId,
    XID: `x${f.payId}`,
    TransID: f.transId,
    Status: status,
    Description: 'success',
    Code: code,
    ...(f.amount ? { Amount: f.amount, Currency: 'EUR' } : {}),
    ...(f.brand ? { Brand: f.brand } : {}),
    MAC: f.mac ?? responseMac(account.hmacKey, { payId: f.payId, transId: f.transId, merchantId: account.merchantId, status, code }),
  };
  return axeptaEnvelope(account, fields);
}

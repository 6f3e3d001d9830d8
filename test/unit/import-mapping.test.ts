import { describe, expect, it } from 'vitest';
import { detectProfile } from '../../server/imports/detect';
import { columnKey, fitHeader, parseDate, rowReader } from '../../server/imports/mapping';
import { shippedProfiles } from '../../server/imports/profiles';

const profiles = shippedProfiles();
const profile = (name: string) => profiles.find((p) => p.name === name)!;
const head = (...lines: string[]) => lines.map((text, i) => ({ line: i + 1, text }));

describe('column names', () => {
  it('compare without case, accents, spaces, underscores or apostrophes', () => {
    expect(columnKey('TRANSACTION_REFERENCE')).toBe(columnKey('transactionReference'));
    expect(columnKey("Numéro d'appel")).toBe(columnKey('NUMERO D APPEL'));
  });
});

describe('dates', () => {
  it('read each profile format as UTC, Paris wall clock where there is no offset', () => {
    expect(parseDate('iso', '2026-11-20T10:15:00+01:00')).toBe('2026-11-20T09:15:00.000Z');
    expect(parseDate('dd/mm/yyyy hh:mm:ss', '20/07/2026 10:15:00')).toBe('2026-07-20T08:15:00.000Z');
    expect(parseDate('yyyymmdd', '20261120')).toBe('2026-11-19T23:00:00.000Z');
  });
  it('refuse dates that do not exist', () => {
    expect(parseDate('dd/mm/yyyy hh:mm:ss', '30/02/2026 10:00:00')).toBeNull();
    expect(parseDate('dd/mm/yyyy hh:mm:ss', '20/11/2026 24:00:00')).toBeNull();
    expect(parseDate('yyyymmdd', '20261301')).toBeNull();
    expect(parseDate('iso', '2026-02-30T10:00:00Z')).toBeNull();
  });
});

describe('profile detection', () => {
  it('reads a Sips report by its header, TITLE line first, in the TAB20 layout or the legacy TABLE one', () => {
    const tab20 = detectProfile(head('TITLE;JT;TRANSACTIONS REPORT;011223344550000;2026-11-21;TAB20_V1', 'TRANSACTION_DATE_TIME;TRANSACTION_REFERENCE;AMOUNT;CURRENCY_CODE;TRANSACTION_STATUS;EXTRA'), profiles);
    expect(tab20).toMatchObject({ ok: true, profile: { name: 'sips-transactions' }, headerLine: 2 });
    const legacy = detectProfile(head('TITLE;TRANSACTIONS;011223344550000;20261121;TABLE_V2', 'TRANSMISSION_DATE;TRANSACTION_ID;AMOUNT;CURRENCY_CODE;TRANSACTION_STATUS'), profiles);
    expect(legacy).toMatchObject({ ok: true, profile: { name: 'sips-transactions' } });
    const camel = detectProfile(head('TITLE;JO', 'operationDateTime;transactionReference;operationName;operationAmount;currencyCode'), profiles);
    expect(camel).toMatchObject({ ok: true, profile: { name: 'sips-operations' } });
  });

  it('reads a Computop batch by its HEAD line', () => {
    expect(detectProfile(head('HEAD,BNP_MID,20261120,2.0', 'Limonetik,Capture,100,EUR,T,R,P,OK'), profiles)).toMatchObject({ ok: true, profile: { name: 'axepta-batch' }, headerLine: null });
  });

  it('tells a drift from an unknown file', () => {
    const drift = detectProfile(head('Date;Référence;Numéro de transaction;Moyen de paiement;Montant;Devise;Statut;Canal'), profiles);
    expect(drift).toMatchObject({ ok: false, error: { code: 'COLUMNS_DRIFTED', line: 1 } });
    expect(!drift.ok && drift.error.message).toContain(`missing "Numéro d'appel"; new "Canal"`);
    expect(detectProfile(head('a;b;c', '1;2;3'), profiles)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_FORMAT' } });
    expect(detectProfile([], profiles)).toMatchObject({ ok: false, error: { code: 'EMPTY_FILE' } });
  });
});

describe('a row read through its profile', () => {
  const p = profile('up2pay-transactions');
  const header = p.columns.occurredAt!.concat(p.columns.reference!, p.columns.callNumber!, p.columns.transactionId!, p.columns.brand!, p.columns.amount!, p.columns.currency!, p.columns.status!);
  const map = fitHeader(p, header).map;

  it('gives our fields: cents, UTC, our status', () => {
    const r = rowReader(p, map)(['20/11/2026 10:15:00', 'CMD-1', '0239541', '397726483', 'SODEXO', '10,56', 'EUR', 'Capturé'], 5);
    expect(r).toMatchObject({ ok: true, row: { line: 5, amount: 1056, currency: 'EUR', status: 'CAPTURED', occurredAt: '2026-11-20T09:15:00.000Z', transactionId: '397726483', callNumber: '0239541' } });
  });

  it('names every bad value with its column and what was expected', () => {
    const r = rowReader(p, map)(['20/11/2026', 'CMD-1', '0239541', '397726483', 'SODEXO', '10,567', 'XX', 'Payé'], 7);
    expect(r.ok ? [] : r.errors.map((e) => [e.column, e.code])).toEqual([
      [7, 'BAD_CURRENCY'],
      [6, 'BAD_AMOUNT'],
      [8, 'UNKNOWN_STATUS'],
    ]);
  });

  it('reads row after row with one reader: a date or currency repeated is read as the first time, good or bad', () => {
    const read = rowReader(p, map);
    const row = (date: string, currency: string) => ['20/11/2026 ' + date, 'CMD-1', '0239541', '397726483', 'SODEXO', '10,56', currency, 'Capturé'];
    const outcomes = [row('10:15:00', 'EUR'), row('10:15:00', 'EUR'), row('25:00:00', 'EUR'), row('25:00:00', 'XX'), row('25:00:00', 'XX'), row('10:15:00', '978')].map((fields, i) => {
      const r = read(fields, i + 2);
      return r.ok ? [r.row.occurredAt, r.row.currency] : r.errors.map((e) => e.code);
    });
    expect(outcomes).toEqual([
      ['2026-11-20T09:15:00.000Z', 'EUR'],
      ['2026-11-20T09:15:00.000Z', 'EUR'],
      ['BAD_DATE'],
      ['BAD_CURRENCY', 'BAD_DATE'],
      ['BAD_CURRENCY', 'BAD_DATE'],
      ['2026-11-20T09:15:00.000Z', 'EUR'],
    ]);
  });

  it('keeps every value, masking a full card number in a card column only', () => {
    const sips = profile('sips-transactions');
    const h = ['TRANSACTION_DATE_TIME', 'TRANSACTION_REFERENCE', 'AMOUNT', 'CURRENCY_CODE', 'TRANSACTION_STATUS', 'MASKED_PAN', 'CALL_NUMBER'];
    const r = rowReader(sips, fitHeader(sips, h).map)(['2026-11-20T10:15:00+01:00', 'SR1', '2500', '978', 'CAPTURED', '4970101234560014', '4970101234560014'], 3);
    expect(r).toMatchObject({ ok: true, row: { maskedPan: '497010######0014', values: ['2026-11-20T10:15:00+01:00', 'SR1', '2500', '978', 'CAPTURED', '497010######0014', '4970101234560014'] } });
  });
});

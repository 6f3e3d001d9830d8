import { describe, expect, it } from 'vitest';
import type { DailyReport } from '../../shared/api-reports';
import { bucketDay, bucketOf, bucketRange, buildDailyReport, resolveRange, type BucketGroup } from '../../server/domain/daily-report';
import { dailyReportCsv, dailyReportFileName } from '../../server/domain/daily-report-export';
import { decimalAmount } from '../../server/export/table';

/** The Paris day by Intl directly, not through shared/time.ts. */
const paris = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('time buckets', () => {
  it('put every instant in a bucket that lies within its Paris day, across every midnight and change day of two years', () => {
    const wrong: string[] = [];
    let instants = 0;
    for (let t = Date.parse('2025-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 20 * 60_000) {
      for (const at of [t, t + 20 * 60_000 - 1]) {
        const iso = new Date(at).toISOString();
        const bucket = bucketOf(iso);
        if (bucketDay(bucket) !== paris.format(new Date(at))) wrong.push(`${iso} → ${bucket} → ${bucketDay(bucket)}`);
        instants++;
      }
    }
    expect(wrong).toEqual([]);
    expect(instants).toBe(2 * 730 * 72);
  });

  it('map the 22:00 UTC hour to the same Paris day in winter and to the next in summer', () => {
    expect(bucketOf('2026-01-15T22:30:00.000Z')).toBe('2026-01-15+');
    expect(bucketDay('2026-01-15+')).toBe('2026-01-15');
    expect(bucketOf('2026-07-15T22:30:00.000Z')).toBe('2026-07-15+');
    expect(bucketDay('2026-07-15+')).toBe('2026-07-16');
    expect(bucketOf('2026-07-15T23:30:00.000Z')).toBe('2026-07-16');
    expect(bucketDay('2026-07-16')).toBe('2026-07-16');
    expect(bucketOf('not a date')).toBe('');
  });

  it('cover a range of days with the bucket before it and its last late hour', () => {
    expect(bucketRange('2026-03-29', '2026-03-30')).toEqual({ first: '2026-03-28+', last: '2026-03-30+' });
    expect(bucketOf('2026-03-28T23:00:00.000Z')).toBe('2026-03-29');
    expect(bucketOf('2026-03-29T21:59:59.999Z')).toBe('2026-03-29');
  });
});

describe('resolveRange', () => {
  it('defaults to the 30 days up to today, and to 30 days up to the end asked', () => {
    expect(resolveRange({}, '2026-11-23')).toEqual({ ok: true, value: { from: '2026-10-25', to: '2026-11-23' } });
    expect(resolveRange({ to: '2026-03-01' }, '2026-11-23')).toEqual({ ok: true, value: { from: '2026-01-31', to: '2026-03-01' } });
    expect(resolveRange({ from: '2026-11-01' }, '2026-11-23')).toEqual({ ok: true, value: { from: '2026-11-01', to: '2026-11-23' } });
  });

  it('refuses a backwards range and one over 400 days, naming the field given', () => {
    expect(resolveRange({ from: '2026-11-02', to: '2026-11-01' }, '2026-11-23')).toMatchObject({ ok: false, error: { field: 'from' } });
    expect(resolveRange({ from: '2025-10-19' }, '2026-11-23')).toMatchObject({ ok: false, error: { field: 'from', message: 'the range covers 401 days; at most 400' } });
    expect(resolveRange({ from: '2025-10-20' }, '2026-11-23').ok).toBe(true);
  });
});

const group = (over: Partial<BucketGroup>): BucketGroup => ({
  bucket: '2026-07-15',
  accountId: 'up2pay-shop',
  psp: 'up2pay',
  kind: 'voucher',
  brand: 'APETIZ',
  currency: 'EUR',
  orders: 1,
  parts: 1,
  gross: 1000,
  refunds: 0,
  pendingCount: 0,
  pendingAmount: 0,
  failedCount: 0,
  captured: 1000,
  ...over,
});

describe('buildDailyReport', () => {
  const report = buildDailyReport({
    from: '2026-07-15',
    to: '2026-07-17',
    account: null,
    psp: null,
    groups: [
      // The 22:00 UTC hour of the 14th is already the 15th in Paris (summer): merged into the 15th's row.
      group({ bucket: '2026-07-14+', orders: 2, parts: 2, gross: 300, captured: 300 }),
      group({ orders: 3, parts: 3, gross: 1200, refunds: 200, captured: 1200 }),
      group({ kind: 'card', brand: 'LIMOCB', orders: 4, parts: 5, gross: 4000, pendingCount: 1, pendingAmount: 700, failedCount: 1, captured: 2500 }),
      group({ bucket: '2026-07-15', accountId: 'sips-shop', psp: 'sips', kind: 'card', brand: 'CB', gross: 999, captured: 0 }),
      // The 22:00 UTC hour of the 17th is the 18th in Paris: outside the range.
      group({ bucket: '2026-07-17+', gross: 5 }),
      // The day before the range.
      group({ bucket: '2026-07-14', gross: 7 }),
    ],
    orders: [
      { bucket: '2026-07-14+', currency: 'EUR', orders: 2 },
      { bucket: '2026-07-15', currency: 'EUR', orders: 8 },
      { bucket: '2026-07-17+', currency: 'EUR', orders: 1 },
    ],
  });

  it('merges the buckets of each Paris day into one row per account and brand, vouchers first', () => {
    const rows = report.days[0]!.rows;
    expect(rows.map((r) => [r.day, r.accountId, r.brand])).toEqual([
      ['2026-07-15', 'sips-shop', 'CB'],
      ['2026-07-15', 'up2pay-shop', 'APETIZ'],
      ['2026-07-15', 'up2pay-shop', 'LIMOCB'],
    ]);
    expect(rows[1]).toMatchObject({ orders: 5, parts: 5, gross: 1500, voucher: 1500, card: 0, refunds: 200, net: 1300, captured: 1500 });
    expect(rows[2]).toMatchObject({ voucher: 0, card: 4000, net: 4000, pendingCount: 1, pendingAmount: 700, failedCount: 1 });
  });

  it('totals each day (orders counted once per order) and the range, and lists every day of it', () => {
    expect(report.days.map((d) => d.day)).toEqual(['2026-07-15', '2026-07-16', '2026-07-17']);
    expect(report.days[0]!.totals).toEqual([
      { currency: 'EUR', orders: 10, parts: 11, gross: 6499, voucher: 1500, card: 4999, refunds: 200, net: 6299, pendingCount: 1, pendingAmount: 700, failedCount: 1, captured: 4000 },
    ]);
    expect(report.days[1]).toEqual({ day: '2026-07-16', rows: [], totals: [] });
    expect(report.totals).toEqual(report.days[0]!.totals);
  });

  it('settles per voucher issuer and per card contract: captured minus refunds', () => {
    expect(report.settlement).toEqual({
      vouchers: [{ brand: 'APETIZ', currency: 'EUR', parts: 5, captured: 1500, refunds: 200, expected: 1300 }],
      cards: [
        { accountId: 'sips-shop', psp: 'sips', brand: 'CB', currency: 'EUR', parts: 1, captured: 0, refunds: 0, expected: 0 },
        { accountId: 'up2pay-shop', psp: 'up2pay', brand: 'LIMOCB', currency: 'EUR', parts: 5, captured: 2500, refunds: 0, expected: 2500 },
      ],
    });
  });

  it('never adds two currencies together', () => {
    const mixed = buildDailyReport({
      from: '2026-07-15',
      to: '2026-07-15',
      account: null,
      psp: null,
      groups: [group({}), group({ currency: 'CHF', gross: 50 })],
      orders: [
        { bucket: '2026-07-15', currency: 'EUR', orders: 1 },
        { bucket: '2026-07-15', currency: 'CHF', orders: 1 },
      ],
    });
    expect(mixed.totals.map((t) => [t.currency, t.gross])).toEqual([
      ['CHF', 50],
      ['EUR', 1000],
    ]);
  });
});

describe('daily report CSV', () => {
  const report: DailyReport = {
    from: '2026-03-01',
    to: '2026-03-01',
    account: null,
    psp: null,
    days: [
      {
        day: '2026-03-01',
        rows: [
          { day: '2026-03-01', accountId: 'shop;1', psp: 'up2pay', kind: 'voucher', brand: 'UPCHEQUDEJ', currency: 'EUR', orders: 2, parts: 2, gross: 123456, voucher: 123456, card: 0, refunds: 5, net: 123451, pendingCount: 0, pendingAmount: 0, failedCount: 1, captured: 7 },
          { day: '2026-03-01', accountId: '=cmd', psp: 'sips', kind: 'card', brand: 'X"Y', currency: 'JPY', orders: 1, parts: 1, gross: 500, voucher: 0, card: 500, refunds: 600, net: -100, pendingCount: 1, pendingAmount: 3, failedCount: 0, captured: 500 },
        ],
        totals: [],
      },
    ],
    totals: [],
    settlement: { vouchers: [], cards: [] },
  };

  it('writes amounts from cents with the currency decimals, without floats', () => {
    expect(decimalAmount(123456, 'EUR', ',')).toBe('1234,56');
    expect(decimalAmount(-5, 'EUR', '.')).toBe('-0.05');
    expect(decimalAmount(0, 'EUR', ',')).toBe('0,00');
    expect(decimalAmount(-100, 'JPY', ',')).toBe('-100');
    expect(decimalAmount(900719925474099, 'EUR', '.')).toBe('9007199254740.99');
  });

  it('fr: BOM, semicolons, decimal comma, dd/mm/yyyy, French words, quoted where needed, no formula', () => {
    const text = dailyReportCsv(report, 'fr');
    expect(text.startsWith('\uFEFFJour;Compte;PSP;Type;Marque;Libellé marque;Devise;Commandes;Parts;Brut;')).toBe(true);
    expect(text.split('\r\n')).toEqual([
      expect.any(String),
      '01/03/2026;"shop;1";up2pay;titre;UPCHEQUDEJ;Up Chèque Déjeuner;EUR;2;2;1234,56;1234,56;0,00;0,05;1234,51;0;0,00;1;0,07',
      `01/03/2026;'=cmd;sips;carte;"X""Y";"X""Y";JPY;1;1;500;0;500;600;-100;1;3;0;500`,
      '',
    ]);
  });

  it('en: no BOM, commas, decimal point, ISO dates, English headings', () => {
    const lines = dailyReportCsv(report, 'en').split('\r\n');
    expect(lines[0]).toBe('day,account,psp,kind,brand,brand_label,currency,orders,parts,gross,voucher,card,refunds,net,pending_count,pending_amount,failed_count,captured');
    expect(lines[1]).toBe('2026-03-01,shop;1,up2pay,voucher,UPCHEQUDEJ,Up Chèque Déjeuner,EUR,2,2,1234.56,1234.56,0.00,0.05,1234.51,0,0.00,1,0.07');
    expect(dailyReportFileName(report, 'en')).toBe('daily-report_2026-03-01_2026-03-01.csv');
    expect(dailyReportFileName(report, 'fr')).toBe('rapport-quotidien_2026-03-01_2026-03-01.csv');
  });
});

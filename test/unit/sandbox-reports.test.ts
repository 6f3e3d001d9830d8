import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Account, AxeptaAccount, PaylineAccount, SipsAccount, Up2payAccount } from '../../server/config/accounts';
import { addDays, parisDay, parisDayStart } from '../../shared/time';
import { exampleConfigFor } from '../../sandbox/config';
import { generateOrders, type Outcome, type SandboxOrder, type SandboxPart } from '../../sandbox/orders';
import { defaultNoise, operationsReport, transactionsReport, type ReportFile, type ReportNoise } from '../../sandbox/reports';
import { Sandbox } from '../../sandbox/sandbox';

// 29 March 2026: Paris moves from +01:00 to +02:00 at 01:00 UTC, so the day has both offsets.
const DAY = '2026-03-29';
const NEXT_DAY = '2026-03-30';
const config = exampleConfigFor('http://127.0.0.1:8788');
const sips = config.accounts.get('sips-shop') as SipsAccount;
const up2pay = config.accounts.get('up2pay-shop') as Up2payAccount;
const axepta = config.accounts.get('axepta-shop') as AxeptaAccount;
const payline = config.accounts.get('payline-shop') as PaylineAccount;
const ACCOUNTS: Account[] = [sips, up2pay, axepta, payline];

interface ProfileJson {
  name: string;
  layout: { type: string; unknownColumns?: string };
  columns: Record<string, string[]>;
  statuses?: Record<string, string>;
  operations?: Record<string, string>;
  successResults?: string[];
}
const profile = (name: string) => JSON.parse(readFileSync(new URL(`../../server/imports/profiles/${name}.json`, import.meta.url), 'utf8')) as ProfileJson;

// --- Orders -------------------------------------------------------------------------------------

const at = (iso: string) => new Date(iso);
const part = (p: Partial<SandboxPart> & Pick<SandboxPart, 'kind' | 'brand' | 'amount' | 'outcome' | 'transactionId'>): SandboxPart => ({ authorisationId: null, maskedPan: null, ...p });
const order = (o: Omit<SandboxOrder, 'email' | 'currency'>): SandboxOrder => ({ email: 'camille.001@example.fr', currency: 'EUR', ...o });

/** Hand-written orders whose lines are known to the character: 00:30 UTC is 01:30+01:00, 08:05:09 UTC is 10:05:09+02:00. */
const crafted = {
  sipsSplit: order({
    psp: 'sips',
    accountId: 'sips-shop',
    reference: 'CMD260329-10001',
    callNumber: '7000001',
    createdAt: at('2026-03-29T00:30:00Z'),
    parts: [
      part({ kind: 'voucher', brand: 'APETIZ', amount: 1900, outcome: 'accepted', transactionId: '111111111' }),
      part({ kind: 'card', brand: 'CB', amount: 605, outcome: 'accepted', transactionId: '222222222', authorisationId: '654321', maskedPan: '497010######0042' }),
    ],
  }),
  sipsRefusedCard: order({
    psp: 'sips',
    accountId: 'sips-shop',
    reference: 'CMD260329-10002',
    callNumber: '7000002',
    createdAt: at('2026-03-29T08:05:09Z'),
    parts: [part({ kind: 'card', brand: 'VISA', amount: 3000, outcome: 'refused', transactionId: '333333333', maskedPan: '497010######0007' })],
  }),
  sipsPendingVoucher: order({
    psp: 'sips',
    accountId: 'sips-shop',
    reference: 'CMD260329-10003',
    callNumber: '7000003',
    createdAt: at('2026-03-29T20:00:00Z'),
    parts: [part({ kind: 'voucher', brand: 'SODEXO', amount: 850, outcome: 'pending', transactionId: '333333334' })],
  }),
  up2paySplit: order({
    psp: 'up2pay',
    accountId: 'up2pay-shop',
    reference: 'CMD260329-20001',
    callNumber: '1234567',
    createdAt: at('2026-03-29T00:30:00Z'),
    parts: [
      part({ kind: 'voucher', brand: 'APETIZ', amount: 1900, outcome: 'accepted', transactionId: '000000001' }),
      part({ kind: 'card', brand: 'LIMOCB', amount: 605, outcome: 'accepted', transactionId: '000000002', authorisationId: '123456', maskedPan: '497010######0042' }),
    ],
  }),
  up2payCardRefused: order({
    psp: 'up2pay',
    accountId: 'up2pay-shop',
    reference: 'CMD260329-20002',
    callNumber: '1234568',
    createdAt: at('2026-03-29T08:05:09Z'),
    parts: [
      part({ kind: 'voucher', brand: 'CVCONNECT', amount: 1000, outcome: 'accepted', transactionId: '000000003' }),
      part({ kind: 'card', brand: 'LIMOCB', amount: 12345, outcome: 'refused', transactionId: '000000004', maskedPan: '497010######0043' }),
    ],
  }),
  axeptaSplit: order({
    psp: 'axepta',
    accountId: 'axepta-shop',
    reference: 'CMD260329-30001',
    callNumber: '1234567890123456',
    createdAt: at('2026-03-29T08:05:09Z'),
    parts: [
      part({ kind: 'voucher', brand: 'SODEXO', amount: 1500, outcome: 'accepted', transactionId: '444444444' }),
      part({ kind: 'card', brand: 'CB', amount: 2000, outcome: 'pending_then_refused', transactionId: '444444445', maskedPan: '497010######0044' }),
    ],
  }),
  axeptaVoucher: order({
    psp: 'axepta',
    accountId: 'axepta-shop',
    reference: 'CMD260329-30002',
    callNumber: '1234567890123457',
    createdAt: at('2026-03-29T10:00:00Z'),
    parts: [part({ kind: 'voucher', brand: 'APETIZ', amount: 730, outcome: 'pending_then_accepted', transactionId: '444444446' })],
  }),
  paylineAccepted: order({
    psp: 'payline',
    accountId: 'payline-shop',
    reference: 'CMD260329-40001',
    callNumber: '5555555',
    createdAt: at('2026-03-29T08:05:09Z'),
    parts: [part({ kind: 'card', brand: 'PAYCONIQ_MNXT', amount: 1234, outcome: 'pending_then_accepted', transactionId: '666666666', authorisationId: '112233', maskedPan: '497010######0045' })],
  }),
  paylineRefused: order({
    psp: 'payline',
    accountId: 'payline-shop',
    reference: 'CMD260329-40002',
    callNumber: '5555556',
    createdAt: at('2026-03-29T09:00:00Z'),
    parts: [part({ kind: 'card', brand: 'PAYCONIQ_MNXT', amount: 990, outcome: 'refused', transactionId: '666666667', maskedPan: '497010######0046' })],
  }),
  /** The day before: in no report of DAY. */
  sipsYesterday: order({
    psp: 'sips',
    accountId: 'sips-shop',
    reference: 'CMD260328-10009',
    callNumber: '7000009',
    createdAt: at('2026-03-28T22:59:59Z'), // 23:59:59 in Paris on the 28th
    parts: [part({ kind: 'card', brand: 'CB', amount: 100, outcome: 'accepted', transactionId: '999999999', authorisationId: '000001', maskedPan: '497010######0099' })],
  }),
};
const CRAFTED = Object.values(crafted);

/** A seeded day of every PSP, 30 orders per account, and some orders of the days around it. */
const dayStart = parisDayStart(DAY);
const dayEnd = new Date(parisDayStart(NEXT_DAY).getTime() - 1);
const SEEDED = generateOrders({ accounts: ACCOUNTS, count: 120, seed: 5, from: dayStart, to: dayEnd });
const AROUND = [
  ...generateOrders({ accounts: ACCOUNTS, count: 12, seed: 6, from: parisDayStart(addDays(DAY, -1)), to: new Date(dayStart.getTime() - 1) }),
  ...generateOrders({ accounts: ACCOUNTS, count: 12, seed: 7, from: parisDayStart(NEXT_DAY), to: new Date(parisDayStart(addDays(NEXT_DAY, 1)).getTime() - 1) }),
];
const ALL = [...AROUND, ...SEEDED];
const seededOf = (accountId: string) => SEEDED.filter((o) => o.accountId === accountId);

// --- Reading files back -------------------------------------------------------------------------

/** RFC 4180 fields of one line. */
function fields(line: string, separator: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') (value += '"'), (i += 2);
        else if (line[i] === '"') break;
        else value += line[i++];
      }
      out.push(value);
      i += 2; // closing quote and separator
    } else {
      const end = line.indexOf(separator, i);
      out.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

/** The file's lines, checking that each one (the last included) ends with `eol`. */
function lines(file: ReportFile, encoding: BufferEncoding, eol: string): string[] {
  const text = file.content.toString(encoding);
  expect(text.endsWith(eol)).toBe(true);
  const all = text.slice(0, -eol.length).split(eol);
  if (eol === '\r\n') expect(all.some((l) => l.includes('\n') || l.includes('\r'))).toBe(false);
  else expect(text.includes('\r')).toBe(false);
  return all;
}

interface Table {
  preamble: string[];
  header: string[];
  rows: Record<string, string>[];
  trailer: string[];
}

function table(file: ReportFile, opts: { encoding?: BufferEncoding; eol?: string; preamble?: number; trailer?: number } = {}): Table {
  const all = lines(file, opts.encoding ?? 'utf8', opts.eol ?? '\n');
  const preamble = all.slice(0, opts.preamble ?? 0);
  const header = fields(all[preamble.length]!, ';');
  const body = all.slice(preamble.length + 1, all.length - (opts.trailer ?? 0));
  const trailer = all.slice(all.length - (opts.trailer ?? 0));
  const rows = body.map((l) => {
    const values = fields(l, ';');
    expect(values).toHaveLength(header.length);
    return Object.fromEntries(header.map((h, i) => [h, values[i]!]));
  });
  return { preamble, header, rows, trailer };
}

const sipsTable = (file: ReportFile) => table(file, { preamble: 1, trailer: 1 });
const up2payTable = (file: ReportFile) => table(file, { encoding: 'latin1', eol: '\r\n' });
const paylineTable = (file: ReportFile) => table(file);

function axeptaRecords(file: ReportFile): { head: string[]; records: string[][]; foot: string[] } {
  const all = lines(file, 'utf8', '\n').map((l) => fields(l, ','));
  return { head: all[0]!, records: all.slice(1, -1), foot: all.at(-1)! };
}

/** The final outcome of a part, as the report the next morning shows it. */
const final = (o: Outcome): 'accepted' | 'refused' | 'pending' => (o === 'pending_then_accepted' ? 'accepted' : o === 'pending_then_refused' ? 'refused' : o);
/** Sips: one transaction for the split, accepted only when no part of it was refused. */
const sipsAccepted = (o: SandboxOrder) => o.parts.every((p) => final(p.outcome) === 'accepted');
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

// --- Tests --------------------------------------------------------------------------------------

describe('Sips reports', () => {
  it('writes the JT with a TITLE line, the dictionary header, one line per transaction and an END trailer', () => {
    const file = transactionsReport(CRAFTED, sips, { day: DAY });
    expect(file.name).toBe('JT_011223344550000_20260329.csv');
    expect(file.profile).toBe('sips-transactions');
    expect(file.accountId).toBe('sips-shop');
    expect(file.rows).toBe(3);
    expect(file.content.toString('utf8')).toBe(
      [
        'TITLE;JT;TRANSACTIONS REPORT;011223344550000;2026-03-30;TAB20_V1',
        'TRANSACTION_DATE_TIME;TRANSACTION_REFERENCE;ORDER_ID;AMOUNT;CURRENCY_CODE;PAYMENT_MEAN_BRAND;TRANSACTION_STATUS;ACQUIRER_RESPONSE_CODE;AUTHORISATION_ID;MASKED_PAN;ACQUIRER_RESPONSE_MESSAGE;ORDER_CHANNEL',
        '2026-03-29T01:30:00+01:00;SR7000001;CMD260329-10001;2505;978;CONECS;CAPTURED;00;654321;;SPLIT:APETIZ:111111111:1900:CB:497010######0042:605;INTERNET',
        '2026-03-29T10:05:09+02:00;SR7000002;CMD260329-10002;3000;978;VISA;REFUSED;05;;497010######0007;;INTERNET',
        '2026-03-29T22:00:00+02:00;SR7000003;CMD260329-10003;850;978;CONECS;PENDING;;;;;INTERNET',
        'END;3',
        '',
      ].join('\n'),
    );
  });

  it('writes the JO: one CAPTURE per part of each accepted transaction, with that part brand and amount', () => {
    const file = operationsReport(CRAFTED, sips, { day: DAY });
    expect(file.name).toBe('JO_011223344550000_20260329.csv');
    expect(file.profile).toBe('sips-operations');
    expect(file.rows).toBe(2);
    expect(file.content.toString('utf8')).toBe(
      [
        'TITLE;JO;OPERATIONS REPORT;011223344550000;2026-03-30;TAB20_V1',
        'OPERATION_DATE_TIME;TRANSACTION_REFERENCE;ORDER_ID;OPERATION_NAME;OPERATION_AMOUNT;CURRENCY_CODE;PAYMENT_MEAN_BRAND;OPERATION_RESULT;ORDER_CHANNEL',
        '2026-03-29T01:30:00+01:00;SR7000001;CMD260329-10001;CAPTURE;1900;978;APETIZ;SUCCESS;INTERNET',
        '2026-03-29T01:30:00+01:00;SR7000001;CMD260329-10001;CAPTURE;605;978;CB;SUCCESS;INTERNET',
        'END;2',
        '',
      ].join('\n'),
    );
  });

  it('covers every Sips order of the seeded day, and no other', () => {
    const orders = seededOf('sips-shop');
    const jt = sipsTable(transactionsReport(ALL, sips, { day: DAY }));
    expect(jt.preamble).toEqual(['TITLE;JT;TRANSACTIONS REPORT;011223344550000;2026-03-30;TAB20_V1']);
    expect(jt.trailer).toEqual([`END;${orders.length}`]);
    expect(jt.rows).toHaveLength(orders.length);
    expect(orders.length).toBe(30);
    expect(jt.rows.map((r) => r.ORDER_ID).sort()).toEqual(orders.map((o) => o.reference).sort());
    let splits = 0;
    for (const o of orders) {
      const row = jt.rows.find((r) => r.ORDER_ID === o.reference)!;
      const voucher = o.parts.find((p) => p.kind === 'voucher');
      const card = o.parts.find((p) => p.kind === 'card');
      expect(row.TRANSACTION_REFERENCE).toBe(`SR${o.callNumber}`);
      expect(row.AMOUNT).toBe(String(sum(o.parts.map((p) => p.amount))));
      expect(row.CURRENCY_CODE).toBe('978');
      expect(row.PAYMENT_MEAN_BRAND).toBe(voucher ? 'CONECS' : card!.brand);
      expect(row.TRANSACTION_STATUS).toBe(sipsAccepted(o) ? 'CAPTURED' : o.parts.some((p) => final(p.outcome) === 'refused') ? 'REFUSED' : 'PENDING');
      expect(row.ORDER_CHANNEL).toBe('INTERNET');
      // The instant, at second precision, written with the Paris offset of that instant.
      expect(row.TRANSACTION_DATE_TIME).toMatch(o.createdAt.getTime() < Date.parse('2026-03-29T01:00:00Z') ? /\+01:00$/ : /\+02:00$/);
      expect(Date.parse(row.TRANSACTION_DATE_TIME!)).toBe(Math.floor(o.createdAt.getTime() / 1000) * 1000);
      if (voucher && card && sipsAccepted(o)) {
        splits++;
        expect(row.ACQUIRER_RESPONSE_MESSAGE).toBe(`SPLIT:${voucher.brand}:${voucher.transactionId}:${voucher.amount}:${card.brand}:${card.maskedPan}:${card.amount}`);
      }
    }
    expect(splits).toBeGreaterThan(5);

    const jo = sipsTable(operationsReport(ALL, sips, { day: DAY }));
    const accepted = orders.filter(sipsAccepted);
    const expected = accepted.flatMap((o) => o.parts.map((p) => `SR${o.callNumber} ${o.reference} CAPTURE ${p.amount} ${p.brand} SUCCESS`));
    expect(jo.rows.map((r) => `${r.TRANSACTION_REFERENCE} ${r.ORDER_ID} ${r.OPERATION_NAME} ${r.OPERATION_AMOUNT} ${r.PAYMENT_MEAN_BRAND} ${r.OPERATION_RESULT}`).sort()).toEqual(expected.sort());
    expect(jo.trailer).toEqual([`END;${expected.length}`]);
    expect(accepted.length).toBeLessThan(orders.length);
  });

  it('quotes a value holding the separator or a quote (RFC 4180)', () => {
    const broken = { ...crafted.sipsSplit, splitOverride: 'SPLIT;APETIZ:"x":1900' };
    const text = transactionsReport([broken], sips, { day: DAY }).content.toString('utf8');
    expect(text).toContain(';"SPLIT;APETIZ:""x"":1900";INTERNET\n');
    expect(sipsTable(transactionsReport([broken], sips, { day: DAY })).rows[0]!.ACQUIRER_RESPONSE_MESSAGE).toBe('SPLIT;APETIZ:"x":1900');
  });
});

describe('Axepta batch response file', () => {
  it('has no transactions report', () => {
    expect(transactionsReport(ALL, axepta, { day: DAY })).toBeNull();
  });

  it('writes HEAD, one Limonetik Capture record per accepted part, and FOOT with count and sum', () => {
    const file = operationsReport(CRAFTED, axepta, { day: DAY });
    expect(file.name).toBe('P20260329001BNP_SANDBOX_MID.dat');
    expect(file.profile).toBe('axepta-batch');
    expect(file.rows).toBe(2);
    expect(file.content.toString('utf8')).toBe(
      [
        'HEAD,BNP_SANDBOX_MID,20260329,2.1',
        `Limonetik,Capture,1500,EUR,CMD260329-30001,1234567890123456,${md5('CMD260329-30001:444444444')},OK,00000000`,
        `Limonetik,Capture,730,EUR,CMD260329-30002,1234567890123457,${md5('CMD260329-30002:444444446')},OK,00000000`,
        'FOOT,2,2230',
        '',
      ].join('\n'),
    );
  });

  it('covers the accepted parts of the seeded day; FOOT equals the records', () => {
    const orders = seededOf('axepta-shop');
    const { head, records, foot } = axeptaRecords(operationsReport(ALL, axepta, { day: DAY }));
    expect(head).toEqual(['HEAD', 'BNP_SANDBOX_MID', '20260329', '2.1']);
    const expected = orders.flatMap((o) => o.parts.filter((p) => final(p.outcome) === 'accepted').map((p) => ['Limonetik', 'Capture', String(p.amount), 'EUR', o.reference, o.callNumber, md5(`${o.reference}:${p.transactionId}`), 'OK', '00000000']));
    expect(expected.length).toBeGreaterThan(20);
    expect([...records].sort()).toEqual([...expected].sort());
    expect(foot).toEqual(['FOOT', String(records.length), String(sum(records.map((r) => Number(r[2]))))]);
  });
});

describe('Up2pay exports', () => {
  it('writes the transactions export in ISO-8859-1 with CRLF, French dates and decimal amounts', () => {
    const file = transactionsReport(CRAFTED, up2pay, { day: DAY });
    expect(file.name).toBe('up2pay_transactions_20260329.csv');
    expect(file.profile).toBe('up2pay-transactions');
    expect(file.rows).toBe(4);
    // 'é' is one byte, E9, not UTF-8's C3 A9.
    expect(file.content.includes(Buffer.from([0x52, 0xe9, 0x66, 0xe9, 0x72, 0x65, 0x6e, 0x63, 0x65]))).toBe(true);
    expect(file.content.includes(Buffer.from('é', 'utf8'))).toBe(false);
    expect(file.content.toString('latin1')).toBe(
      [
        "Date;Référence;Numéro d'appel;Numéro de transaction;Moyen de paiement;Montant;Devise;Statut;Autorisation;Code réponse",
        '29/03/2026 01:30:00;CMD260329-20001;1234567;000000001;APETIZ;19,00;EUR;Capturé;;00000',
        '29/03/2026 01:30:00;CMD260329-20001;1234567;000000002;LIMOCB;6,05;EUR;Capturé;123456;00000',
        '29/03/2026 10:05:09;CMD260329-20002;1234568;000000003;CVCONNECT;10,00;EUR;Capturé;;00000',
        '29/03/2026 10:05:09;CMD260329-20002;1234568;000000004;LIMOCB;123,45;EUR;Refusé;;00151',
        '',
      ].join('\r\n'),
    );
  });

  it('writes a Capture per accepted part in the operations export', () => {
    const file = operationsReport(CRAFTED, up2pay, { day: DAY });
    expect(file.name).toBe('up2pay_operations_20260329.csv');
    expect(file.profile).toBe('up2pay-operations');
    expect(file.content.toString('latin1')).toBe(
      [
        "Date;Référence;Numéro d'appel;Numéro de transaction;Moyen de paiement;Opération;Montant;Devise;Résultat",
        '29/03/2026 01:30:00;CMD260329-20001;1234567;000000001;APETIZ;Capture;19,00;EUR;OK',
        '29/03/2026 01:30:00;CMD260329-20001;1234567;000000002;LIMOCB;Capture;6,05;EUR;OK',
        '29/03/2026 10:05:09;CMD260329-20002;1234568;000000003;CVCONNECT;Capture;10,00;EUR;OK',
        '',
      ].join('\r\n'),
    );
    expect(file.rows).toBe(3);
  });

  it('covers every part of the seeded day with its ids and amount', () => {
    const orders = seededOf('up2pay-shop');
    const tx = up2payTable(transactionsReport(ALL, up2pay, { day: DAY }));
    const expected = orders.flatMap((o) =>
      o.parts.map((p) => [o.reference, o.callNumber, p.transactionId, p.brand, `${Math.floor(p.amount / 100)},${String(p.amount % 100).padStart(2, '0')}`, 'EUR', { accepted: 'Capturé', refused: 'Refusé', pending: 'En attente' }[final(p.outcome)]].join('|')),
    );
    expect(expected.length).toBeGreaterThan(40);
    expect(tx.rows.map((r) => [r['Référence'], r["Numéro d'appel"], r['Numéro de transaction'], r['Moyen de paiement'], r.Montant, r.Devise, r.Statut].join('|')).sort()).toEqual(expected.sort());
    for (const r of tx.rows) expect(r.Date).toMatch(/^29\/03\/2026 \d{2}:\d{2}:\d{2}$/);

    const ops = up2payTable(operationsReport(ALL, up2pay, { day: DAY }));
    const captures = orders.flatMap((o) => o.parts.filter((p) => final(p.outcome) === 'accepted').map((p) => `${o.callNumber}|${p.transactionId}|${p.amount}`));
    expect(ops.rows.map((r) => `${r["Numéro d'appel"]}|${r['Numéro de transaction']}|${Number(r.Montant!.replace(',', '')) }`).sort()).toEqual(captures.sort());
    expect(new Set(ops.rows.map((r) => `${r['Opération']} ${r['Résultat']}`))).toEqual(new Set(['Capture OK']));
  });
});

describe('Payline exports', () => {
  it('writes the transactions export with the ids of the notifications, amounts in cents and ISO dates', () => {
    const file = transactionsReport(CRAFTED, payline, { day: DAY });
    expect(file.name).toBe('payline_transactions_20260329.csv');
    expect(file.profile).toBe('payline-transactions');
    expect(file.rows).toBe(2);
    expect(file.content.toString('utf8')).toBe(
      [
        'Transaction ID;Order reference;Token;Date;Payment method;Amount;Currency;Status;Return code;Authorization number',
        '2666666666;CMD260329-40001;15555555666666666;2026-03-29T10:05:09+02:00;PAYCONIQ_MNXT;1234;EUR;ACCEPTED;00000;112233',
        '2666666667;CMD260329-40002;15555556666666667;2026-03-29T11:00:00+02:00;PAYCONIQ_MNXT;990;EUR;REFUSED;02020;',
        '',
      ].join('\n'),
    );
  });

  it('writes a 201 capture per accepted part in the operations export', () => {
    const file = operationsReport(CRAFTED, payline, { day: DAY });
    expect(file.name).toBe('payline_operations_20260329.csv');
    expect(file.profile).toBe('payline-operations');
    expect(file.rows).toBe(1);
    expect(file.content.toString('utf8')).toBe(
      ['Original transaction ID;Order reference;Date;Action;Amount;Currency;Status;Return code', '2666666666;CMD260329-40001;2026-03-29T10:05:09+02:00;201;1234;EUR;ACCEPTED;00000', ''].join('\n'),
    );
  });

  it('covers every Payline order of the seeded day', () => {
    const orders = seededOf('payline-shop');
    const tx = paylineTable(transactionsReport(ALL, payline, { day: DAY }));
    const expected = orders.map((o) => {
      const p = o.parts[0]!;
      return [`2${p.transactionId}`, o.reference, `1${o.callNumber}${p.transactionId}`, p.amount, { accepted: 'ACCEPTED', refused: 'REFUSED', pending: 'PENDING' }[final(p.outcome)]].join('|');
    });
    expect(tx.rows.map((r) => [r['Transaction ID'], r['Order reference'], r.Token, r.Amount, r.Status].join('|')).sort()).toEqual(expected.sort());
    const ops = paylineTable(operationsReport(ALL, payline, { day: DAY }));
    const captures = orders.filter((o) => final(o.parts[0]!.outcome) === 'accepted').map((o) => `2${o.parts[0]!.transactionId}|201|${o.parts[0]!.amount}|ACCEPTED`);
    expect(captures.length).toBeGreaterThan(15);
    expect(ops.rows.map((r) => `${r['Original transaction ID']}|${r.Action}|${r.Amount}|${r.Status}`).sort()).toEqual(captures.sort());
  });
});

describe('the files follow the mapping profiles', () => {
  const files = (noise: ReportNoise[] = []) => [
    { file: transactionsReport(ALL, sips, { day: DAY, noise }), read: sipsTable },
    { file: operationsReport(ALL, sips, { day: DAY, noise }), read: sipsTable },
    { file: transactionsReport(ALL, up2pay, { day: DAY, noise }), read: up2payTable },
    { file: operationsReport(ALL, up2pay, { day: DAY, noise }), read: up2payTable },
    { file: transactionsReport(ALL, payline, { day: DAY, noise }), read: paylineTable },
    { file: operationsReport(ALL, payline, { day: DAY, noise }), read: paylineTable },
  ];

  it('writes each profile column, no other one where the profile refuses unknown columns', () => {
    for (const { file, read } of files()) {
      const p = profile(file.profile);
      const { header } = read(file);
      const firstNames = Object.values(p.columns).map((names) => names[0]!);
      if (p.layout.unknownColumns === 'refuse') expect(header).toEqual(firstNames);
      else {
        expect(header.filter((h) => firstNames.includes(h))).toEqual(expect.arrayContaining(firstNames));
        const extra = header.filter((h) => !firstNames.includes(h));
        expect(extra).toEqual(['ORDER_CHANNEL']);
        expect(Object.values(p.columns).flat()).not.toContain('ORDER_CHANNEL');
      }
    }
  });

  it('uses only the status, operation and result words the profiles know', () => {
    const noise = defaultNoise(SEEDED);
    const seen = new Set<string>();
    for (const { file, read } of files(noise)) {
      const p = profile(file.profile);
      const { rows } = read(file);
      const column = (field: string) => p.columns[field]![0]!;
      for (const r of rows) {
        if (p.statuses) expect(Object.keys(p.statuses)).toContain(r[column('status')]);
        if (p.operations) expect(Object.keys(p.operations)).toContain(r[column('operation')]);
        if (p.operations) seen.add(`${p.name}:${p.operations[r[column('operation')]!]}`);
        if (p.successResults) expect(p.successResults).toContain(r[column('result')]);
      }
    }
    const batch = profile('axepta-batch');
    for (const r of axeptaRecords(operationsReport(ALL, axepta, { day: DAY, noise })).records) {
      expect(r[0]).toBe('Limonetik');
      expect(Object.keys(batch.operations!)).toContain(r[1]);
      expect(batch.successResults).toContain(r[7]);
      seen.add(`axepta-batch:${batch.operations![r[1]!]}`);
    }
    // Each operations file wrote a capture, a refund and a cancel, in words its profile reads as such.
    expect([...seen].sort()).toEqual(['axepta-batch', 'payline-operations', 'sips-operations', 'up2pay-operations'].flatMap((n) => [`${n}:cancel`, `${n}:capture`, `${n}:refund`]));
  });
});

describe('noise', () => {
  const ops = (account: Account, noise: ReportNoise[]) => operationsReport(CRAFTED, account, { day: DAY, noise });
  const tx = (account: SipsAccount | Up2payAccount | PaylineAccount, noise: ReportNoise[]) => transactionsReport(CRAFTED, account, { day: DAY, noise });

  it('missing_row leaves that order out of both files', () => {
    const noise: ReportNoise[] = [
      { type: 'missing_row', reference: 'CMD260329-10001' },
      { type: 'missing_row', reference: 'CMD260329-20001' },
      { type: 'missing_row', reference: 'CMD260329-30001' },
      { type: 'missing_row', reference: 'CMD260329-40001' },
    ];
    const jt = sipsTable(tx(sips, noise));
    expect(jt.rows.map((r) => r.ORDER_ID)).toEqual(['CMD260329-10002', 'CMD260329-10003']);
    expect(jt.trailer).toEqual(['END;2']);
    const jo = sipsTable(ops(sips, noise));
    expect(jo.rows).toEqual([]);
    expect(jo.trailer).toEqual(['END;0']);
    expect(ops(sips, noise).rows).toBe(0);

    expect(up2payTable(tx(up2pay, noise)).rows.map((r) => r['Numéro de transaction'])).toEqual(['000000003', '000000004']);
    expect(up2payTable(ops(up2pay, noise)).rows.map((r) => r['Numéro de transaction'])).toEqual(['000000003']);

    const batch = axeptaRecords(ops(axepta, noise));
    expect(batch.records.map((r) => r[4])).toEqual(['CMD260329-30002']);
    expect(batch.foot).toEqual(['FOOT', '1', '730']);

    expect(paylineTable(tx(payline, noise)).rows.map((r) => r['Order reference'])).toEqual(['CMD260329-40002']);
    expect(paylineTable(ops(payline, noise)).rows).toEqual([]);
  });

  it('amount_differs changes the amount of the first row of that order only, in both files', () => {
    const noise: ReportNoise[] = [
      { type: 'amount_differs', reference: 'CMD260329-10001', delta: 7 },
      { type: 'amount_differs', reference: 'CMD260329-20001', delta: -250 },
      { type: 'amount_differs', reference: 'CMD260329-30001', delta: 100 },
      { type: 'amount_differs', reference: 'CMD260329-40001', delta: 1 },
    ];
    expect(sipsTable(tx(sips, noise)).rows.map((r) => r.AMOUNT)).toEqual(['2512', '3000', '850']);
    expect(sipsTable(ops(sips, noise)).rows.map((r) => r.OPERATION_AMOUNT)).toEqual(['1907', '605']);
    expect(up2payTable(tx(up2pay, noise)).rows.map((r) => r.Montant)).toEqual(['16,50', '6,05', '10,00', '123,45']);
    expect(up2payTable(ops(up2pay, noise)).rows.map((r) => r.Montant)).toEqual(['16,50', '6,05', '10,00']);
    const batch = axeptaRecords(ops(axepta, noise));
    expect(batch.records.map((r) => r[2])).toEqual(['1600', '730']);
    expect(batch.foot).toEqual(['FOOT', '2', '2330']);
    expect(paylineTable(tx(payline, noise)).rows.map((r) => r.Amount)).toEqual(['1235', '990']);
    expect(paylineTable(ops(payline, noise)).rows.map((r) => r.Amount)).toEqual(['1235']);
  });

  it('outside_operation adds a refund of 100 cents or a cancel of the first part to the operations report only', () => {
    const refund: ReportNoise[] = ['CMD260329-10001', 'CMD260329-20002', 'CMD260329-30002', 'CMD260329-40001'].map((reference) => ({ type: 'outside_operation', reference, operation: 'refund' }));
    const cancel: ReportNoise[] = refund.map((n) => ({ ...n, operation: 'cancel' }) as ReportNoise);
    for (const account of [sips, up2pay, payline]) expect(tx(account, refund).content.equals(tx(account, []).content)).toBe(true);

    const joRefund = sipsTable(ops(sips, refund)).rows;
    expect(joRefund.map((r) => `${r.OPERATION_NAME} ${r.OPERATION_AMOUNT} ${r.PAYMENT_MEAN_BRAND} ${r.TRANSACTION_REFERENCE} ${r.OPERATION_DATE_TIME}`)).toEqual([
      'CAPTURE 1900 APETIZ SR7000001 2026-03-29T01:30:00+01:00',
      'CAPTURE 605 CB SR7000001 2026-03-29T01:30:00+01:00',
      // An hour after the order: 00:30 UTC + 1 h is 03:30 Paris, after the change to summer time.
      'CREDIT 100 APETIZ SR7000001 2026-03-29T03:30:00+02:00',
    ]);
    expect(sipsTable(ops(sips, refund)).trailer).toEqual(['END;3']);
    expect(sipsTable(ops(sips, cancel)).rows.at(-1)).toMatchObject({ OPERATION_NAME: 'CANCEL', OPERATION_AMOUNT: '1900', PAYMENT_MEAN_BRAND: 'APETIZ', OPERATION_RESULT: 'SUCCESS' });

    expect(up2payTable(ops(up2pay, refund)).rows.at(-1)).toEqual({
      Date: '29/03/2026 11:05:09',
      Référence: 'CMD260329-20002',
      "Numéro d'appel": '1234568',
      'Numéro de transaction': '000000003',
      'Moyen de paiement': 'CVCONNECT',
      Opération: 'Remboursement',
      Montant: '1,00',
      Devise: 'EUR',
      Résultat: 'OK',
    });
    expect(up2payTable(ops(up2pay, cancel)).rows.at(-1)).toMatchObject({ Opération: 'Annulation', Montant: '10,00', 'Numéro de transaction': '000000003' });

    const credit = axeptaRecords(ops(axepta, refund));
    expect(credit.records.at(-1)).toEqual(['Limonetik', 'Credit', '100', 'EUR', 'CMD260329-30002', '1234567890123457', md5('CMD260329-30002:444444446'), 'OK', '00000000']);
    expect(credit.foot).toEqual(['FOOT', '3', String(1500 + 730 + 100)]);
    const reverse = axeptaRecords(ops(axepta, cancel));
    expect(reverse.records.at(-1)!.slice(0, 3)).toEqual(['Limonetik', 'Reverse', '730']);
    expect(reverse.foot).toEqual(['FOOT', '3', String(1500 + 730 + 730)]);

    expect(paylineTable(ops(payline, refund)).rows.at(-1)).toEqual({
      'Original transaction ID': '2666666666',
      'Order reference': 'CMD260329-40001',
      Date: '2026-03-29T11:05:09+02:00',
      Action: '421',
      Amount: '100',
      Currency: 'EUR',
      Status: 'ACCEPTED',
      'Return code': '00000',
    });
    expect(paylineTable(ops(payline, cancel)).rows.at(-1)).toMatchObject({ Action: 'RESET', Amount: '1234' });
  });

  it('keeps an outside operation within the reported day', () => {
    const late = { ...crafted.sipsSplit, reference: 'CMD260329-10004', createdAt: at('2026-03-29T21:45:00Z') }; // 23:45 Paris
    const rows = sipsTable(operationsReport([late], sips, { day: DAY, noise: [{ type: 'outside_operation', reference: late.reference, operation: 'refund' }] })).rows;
    expect(rows.at(-1)).toMatchObject({ OPERATION_NAME: 'CREDIT', OPERATION_DATE_TIME: '2026-03-29T23:59:59+02:00' });
  });

  it('ignores noise on an order that is not in the file', () => {
    const noise: ReportNoise[] = [
      { type: 'missing_row', reference: 'CMD260328-10009' },
      { type: 'outside_operation', reference: 'CMD260329-20001', operation: 'refund' }, // an Up2pay order, in the Sips file
    ];
    expect(ops(sips, noise).content.equals(ops(sips, []).content)).toBe(true);
  });

  it('defaultNoise picks, per account and seeded, distinct orders with captures for each noise type', () => {
    const noise = defaultNoise(SEEDED);
    expect(defaultNoise(SEEDED)).toEqual(noise);
    expect(defaultNoise(SEEDED, 99)).not.toEqual(noise);
    expect(noise).toHaveLength(16);
    expect(new Set(noise.map((n) => n.reference)).size).toBe(16);
    for (const account of ACCOUNTS) {
      const mine = noise.filter((n) => seededOf(account.id).some((o) => o.reference === n.reference));
      expect(mine.map((n) => (n.type === 'outside_operation' ? `${n.type}:${n.operation}` : n.type))).toEqual(['missing_row', 'amount_differs', 'outside_operation:refund', 'outside_operation:cancel']);
    }
    for (const n of noise) {
      const o = SEEDED.find((x) => x.reference === n.reference)!;
      expect(o.psp === 'sips' ? sipsAccepted(o) : o.parts.some((p) => final(p.outcome) === 'accepted')).toBe(true);
      if (n.type === 'amount_differs') {
        expect(n.delta).not.toBe(0);
        expect(Math.abs(n.delta)).toBeLessThanOrEqual(500);
        expect(Math.min(...o.parts.map((p) => p.amount)) + n.delta).toBeGreaterThan(0);
      }
    }
  });

  it('defaultNoise shows in every file of the day', () => {
    const noise = defaultNoise(SEEDED, 3);
    const plainRows = (a: Account) => operationsReport(ALL, a, { day: DAY }).rows;
    for (const account of ACCOUNTS) {
      const mine = noise.filter((n) => seededOf(account.id).some((o) => o.reference === n.reference));
      const missing = SEEDED.find((o) => o.reference === mine.find((n) => n.type === 'missing_row')!.reference)!;
      const captured = account.psp === 'sips' ? missing.parts.length : missing.parts.filter((p) => final(p.outcome) === 'accepted').length;
      const file = operationsReport(ALL, account, { day: DAY, noise });
      // Its captures gone, two outside operations added.
      expect(file.rows).toBe(plainRows(account) - captured + 2);
      expect(file.content.toString('latin1')).not.toContain(missing.reference);
    }
  });
});

describe('Sandbox.reports', () => {
  it('writes both files per account for the orders it generated on that day', () => {
    const sandbox = new Sandbox(config);
    const today = sandbox.generate(40, { seed: 8, from: dayStart, to: dayEnd });
    const other = sandbox.generate(20, { seed: 9, from: parisDayStart(NEXT_DAY), to: new Date(parisDayStart(addDays(NEXT_DAY, 1)).getTime() - 1) });
    expect(other.every((o) => parisDay(o.createdAt) === NEXT_DAY)).toBe(true);
    const files = sandbox.reports(DAY);
    expect(files.map((f) => `${f.accountId} ${f.profile} ${f.name}`)).toEqual([
      'sips-shop sips-transactions JT_011223344550000_20260329.csv',
      'sips-shop sips-operations JO_011223344550000_20260329.csv',
      'up2pay-shop up2pay-transactions up2pay_transactions_20260329.csv',
      'up2pay-shop up2pay-operations up2pay_operations_20260329.csv',
      'axepta-shop axepta-batch P20260329001BNP_SANDBOX_MID.dat',
      'payline-shop payline-transactions payline_transactions_20260329.csv',
      'payline-shop payline-operations payline_operations_20260329.csv',
    ]);
    for (const f of files) {
      const account = config.accounts.get(f.accountId)!;
      const expected = f.profile.endsWith('transactions') ? transactionsReport(today, account, { day: DAY }) : operationsReport(today, account, { day: DAY });
      expect(f).toEqual(expected);
    }
    expect(files[0]!.rows).toBe(10);
    expect(files[5]!.rows).toBe(10);
    expect(sandbox.reports(NEXT_DAY)[0]!.rows).toBe(5);
    // Nothing generated that day.
    expect(sandbox.reports('2026-01-01').map((f) => f.rows)).toEqual([0, 0, 0, 0, 0, 0, 0]);

    const noise = defaultNoise(today);
    const noisy = sandbox.reports(DAY, { noise });
    expect(noisy[0]!.rows).toBe(9);
    expect(noisy.map((f) => f.content.equals(files[noisy.indexOf(f)]!.content))).toEqual([false, false, false, false, false, false, false]);
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  inquiryNumQuestion,
  operationNumQuestion,
  parsePpsAnswer,
  ppsDate,
  ppsRequest,
  ppsStatus,
  readPpsAnswer,
  readPpsInquiry,
  type PpsQuestion,
} from '../../server/psp/up2pay/cash';

const HMAC_KEY = '0123456789ABCDEF'.repeat(8);

/** The seed's refund example (002 §4.3.2), on the example account, at 2016-04-08 12:05:09 Paris. */
const QUESTION: PpsQuestion = {
  type: '00014',
  site: '1666666',
  rang: '16',
  identifiant: '7546450',
  numQuestion: '102451803',
  amount: 1500,
  currency: '978',
  reference: 'Teste-transactions',
  callNumber: '2310165',
  transactionNumber: '722487980',
  at: new Date('2016-04-08T10:05:09Z'),
  acquirer: 'APETIZ',
};

const SIGNED =
  'VERSION=00103&TYPE=00014&SITE=1666666&RANG=016&IDENTIFIANT=7546450&NUMQUESTION=0102451803&MONTANT=0000001500&DEVISE=978' +
  '&REFERENCE=Teste-transactions&NUMAPPEL=0002310165&NUMTRANS=0722487980&ACTIVITE=024&DATEQ=08042016120509&ACQUEREUR=APETIZ&HASH=SHA512';
/** Computed apart: printf '%s' "$SIGNED" | openssl dgst -sha512 -mac HMAC -macopt hexkey:$HMAC_KEY, upper-cased. */
const SIGNED_HMAC = 'AC443C1733A4387BFA418663F6326DF076141C4B66FF1041206D530AA09D108CDD1AAC9E6DF85216896D1F879FB2847E96AC10F8A383A14BC2692588B88C8BD3';

describe('ppsRequest', () => {
  it('signs every parameter, ACQUEREUR and HASH included, in order, with HMAC-SHA-512 of the hex key', () => {
    const built = ppsRequest(QUESTION, HMAC_KEY);
    expect(built.signed).toBe(SIGNED);
    expect(built.hmac).toBe(SIGNED_HMAC);
    expect(built.hmac).toBe(createHmac('sha512', Buffer.from(HMAC_KEY, 'hex')).update(SIGNED).digest('hex').toUpperCase());
  });

  it('keeps the seed example order, with IDENTIFIANT after RANG, and HMAC last in the body', () => {
    const built = ppsRequest(QUESTION, HMAC_KEY);
    const seedOrder = ['VERSION', 'TYPE', 'SITE', 'RANG', 'NUMQUESTION', 'MONTANT', 'DEVISE', 'REFERENCE', 'NUMAPPEL', 'NUMTRANS', 'ACTIVITE', 'DATEQ', 'ACQUEREUR', 'HASH', 'HMAC'];
    const bodyKeys = [...new URLSearchParams(built.body).keys()];
    expect(bodyKeys.filter((k) => k !== 'IDENTIFIANT')).toEqual(seedOrder);
    expect(bodyKeys.indexOf('IDENTIFIANT')).toBe(bodyKeys.indexOf('RANG') + 1);
    expect(built.body.endsWith(`&HMAC=${SIGNED_HMAC}`)).toBe(true);
  });

  it('URL-encodes the body but signs raw values', () => {
    const built = ppsRequest({ ...QUESTION, reference: 'CMD 1/é' }, HMAC_KEY);
    expect(built.signed).toContain('&REFERENCE=CMD 1/é&');
    expect(new URLSearchParams(built.body).get('REFERENCE')).toBe('CMD 1/é');
  });

  it('leaves ACQUEREUR out for a part that has none', () => {
    const built = ppsRequest({ ...QUESTION, acquirer: null }, HMAC_KEY);
    expect(built.signed).not.toContain('ACQUEREUR');
    expect(built.signed).toContain('&DATEQ=08042016120509&HASH=SHA512');
  });

  it('dates DATEQ in Paris time, ddmmYYYYHHiiss', () => {
    expect(ppsDate(new Date('2016-04-08T10:05:09Z'))).toBe('08042016120509');
    expect(ppsDate(new Date('2026-01-31T23:30:00Z'))).toBe('01022026003000');
  });
});

describe('NUMQUESTION', () => {
  it('of an operation is its id on 10 digits, the same every time', () => {
    expect(operationNumQuestion(1)).toBe('0000000001');
    expect(operationNumQuestion(123456)).toBe(operationNumQuestion(123456));
    expect(operationNumQuestion(4_999_999_999)).toBe('4999999999');
    expect(operationNumQuestion(5_000_000_000)).toBeNull();
    expect(operationNumQuestion(0)).toBeNull();
  });

  it('of an inquiry is in the upper half, 10 digits, never twice', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    const a = inquiryNumQuestion(now);
    const b = inquiryNumQuestion(now);
    expect(a).toMatch(/^\d{10}$/);
    expect(Number(a)).toBeGreaterThanOrEqual(5_000_000_000);
    expect(Number(b)).toBeGreaterThan(Number(a));
  });
});

describe('parsePpsAnswer', () => {
  it('reads a Latin-1 body as Latin-1', () => {
    const raw = Buffer.from('NUMTRANS=0722487980&CODEREPONSE=00000&COMMENTAIRE=Demande traitée avec succès&PORTEUR=???', 'latin1');
    expect(parsePpsAnswer(raw)).toEqual({ NUMTRANS: '0722487980', CODEREPONSE: '00000', COMMENTAIRE: 'Demande traitée avec succès', PORTEUR: '' });
  });

  it('decodes %XX as Latin-1 bytes and + as a space, like parse_str', () => {
    expect(parsePpsAnswer('COMMENTAIRE=Acc%E8s+refus%E9&status=Rembours%E9')).toEqual({ COMMENTAIRE: 'Accès refusé', STATUS: 'Remboursé' });
  });
});

const body = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k}=${v}`).join('&');

describe('readPpsAnswer', () => {
  it('00000: succeeded, the PSP reference is the answer NUMTRANS', () => {
    const outcome = readPpsAnswer(body({ NUMTRANS: '0722487980', NUMQUESTION: '0000000042', CODEREPONSE: '00000', COMMENTAIRE: 'ok' }), '0000000042');
    expect(outcome).toEqual({ state: 'succeeded', code: '00000', message: 'Up2pay: operation done (opération réussie) [ok]', pspReference: '0722487980', pspRequestId: '0000000042' });
  });

  it('codes that do not say whether it was done are unknown', () => {
    for (const code of ['00003', '00005', '00097', '00098', '00099']) {
      expect(readPpsAnswer(body({ NUMQUESTION: '42', CODEREPONSE: code }), '0000000042').state, code).toBe('unknown');
    }
  });

  it('refusals are failed, with the meaning and the comment', () => {
    for (const code of ['00001', '00006', '00009', '00011', '00015', '00018', '00151']) {
      expect(readPpsAnswer(body({ NUMQUESTION: '42', CODEREPONSE: code }), '0000000042').state, code).toBe('failed');
    }
    const outcome = readPpsAnswer(body({ CODEREPONSE: '00011', COMMENTAIRE: 'Montant incorrect' }), '0000000042');
    expect(outcome.message).toBe('Up2pay refused the operation: 00011, wrong amount (montant incorrect) [Montant incorrect]');
    expect(readPpsAnswer(body({ CODEREPONSE: '00151' }), '1').message).toMatch(/acquirer code 51/);
  });

  it('an answer without a code, or to another question, is unknown', () => {
    expect(readPpsAnswer('<html>error</html>', '1')).toMatchObject({ state: 'unknown', code: 'UP2PAY_UNREADABLE' });
    expect(readPpsAnswer(body({ NUMQUESTION: '0000000043', CODEREPONSE: '00000' }), '0000000042')).toMatchObject({ state: 'unknown', code: 'UP2PAY_OTHER_QUESTION' });
  });
});

describe('readPpsInquiry', () => {
  it('reads STATUS and the inferred amounts', () => {
    const raw = Buffer.from(body({ NUMQUESTION: '5000000001', CODEREPONSE: '00000', STATUS: 'Remboursé', MONTANTCAPTURE: '1500', MONTANTREMBOURSE: '300' }), 'latin1');
    expect(readPpsInquiry(raw, '5000000001')).toEqual({ ok: true, inquiry: { status: 'Remboursé', cancelled: false, capturedAmount: 1500, refundedAmount: 300 } });
  });

  it('recognises a status whose accent was lost to a UTF-8 reading', () => {
    expect(ppsStatus('Annul\uFFFD')).toBe('Annulé');
    expect(ppsStatus('Captur\uFFFD')).toBe('Capturé');
    expect(ppsStatus('Autre')).toBe('Autre');
    const latin1ReadAsUtf8 = Buffer.from(body({ CODEREPONSE: '00000', STATUS: 'Annulé' }), 'latin1').toString('utf8');
    expect(readPpsInquiry(latin1ReadAsUtf8, '1')).toMatchObject({ ok: true, inquiry: { status: 'Annulé', cancelled: true } });
  });

  it('a refusal is not an inquiry', () => {
    expect(readPpsInquiry(body({ CODEREPONSE: '00018', COMMENTAIRE: 'Transaction non trouvee' }), '1')).toMatchObject({ ok: false, code: '00018' });
  });
});

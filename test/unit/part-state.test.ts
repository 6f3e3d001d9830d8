import { describe, expect, it } from 'vitest';
import type { PartObservation } from '../../server/domain/observation';
import { derivePart, type EventSource, type PartEventRecord, type PartOperation } from '../../server/domain/part-state';

function obs(over: Partial<PartObservation> = {}): PartObservation {
  return {
    partKey: 'voucher',
    kind: 'voucher',
    brand: 'APETIZ',
    amount: 1900,
    currency: 'EUR',
    status: 'TO_CAPTURE',
    responseCode: '00',
    message: null,
    pspTransactionId: null,
    authorisationId: null,
    maskedPan: null,
    occurredAt: null,
    captureDelayDays: null,
    anomalies: [],
    ...over,
  };
}

function ev(source: EventSource, fingerprint: string, over: Partial<PartObservation> = {}, recordedAt = '2026-01-15T12:00:00.000Z'): PartEventRecord {
  return { source, fingerprint, recordedAt, observation: obs(over), orderAnomalies: [] };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** An operation on the part (from an operations report, or issued here): its observation is the part's, its amount the operation's. */
function op(source: EventSource, fingerprint: string, operation: Partial<PartOperation> & Pick<PartOperation, 'type' | 'amount'>, over: Partial<PartObservation> = {}): PartEventRecord {
  return { ...ev(source, fingerprint, over), operation: { succeeded: true, outside: false, ...operation } };
}

const codes = (events: readonly PartEventRecord[]) => derivePart(events).anomalies.map((a) => a.code);

describe('derivePart: one event', () => {
  it('copies what the source says', () => {
    const state = derivePart([
      ev('notification', 'n1', {
        kind: 'card',
        brand: 'LIMOCB',
        amount: 450,
        status: 'TO_CAPTURE',
        responseCode: '00000',
        message: 'Demande traitée avec succès',
        pspTransactionId: '722487981',
        authorisationId: 'XXXXXX',
        maskedPan: '497010######0014',
        occurredAt: '2026-01-15T10:00:00.000Z',
      }),
    ]);
    expect(state).toEqual({
      kind: 'card',
      brand: 'LIMOCB',
      amount: 450,
      currency: 'EUR',
      status: 'TO_CAPTURE',
      responseCode: '00000',
      responseMessage: 'Demande traitée avec succès',
      pspTransactionId: '722487981',
      authorisationId: 'XXXXXX',
      maskedPan: '497010######0014',
      captureDueAt: null,
      paidAt: '2026-01-15T10:00:00.000Z',
      firstSource: 'notification',
      capturedAmount: 0,
      refundedAmount: 0,
      anomalies: [],
    });
  });

  it('refuses to derive a part from no event', () => {
    expect(() => derivePart([])).toThrow(/at least one event/);
  });
});

describe('derivePart: arrival order does not matter', () => {
  it('a final status that arrives before a pending one gives the same state as the reverse', () => {
    const pending = ev('notification', 'p', { status: 'PENDING', responseCode: '60', occurredAt: '2026-01-15T10:00:00.000Z' });
    const accepted = ev('notification', 'a', { status: 'TO_CAPTURE', responseCode: '00', occurredAt: '2026-01-15T10:05:00.000Z' });
    const forward = derivePart([pending, accepted]);
    expect(forward.status).toBe('TO_CAPTURE');
    expect(forward.responseCode).toBe('00');
    expect(derivePart([accepted, pending])).toEqual(forward);
  });

  it('a pending notice stamped later than a refusal does not undo the refusal', () => {
    const refused = ev('notification', 'r', { status: 'REFUSED', responseCode: '05', occurredAt: '2026-01-15T10:00:00.000Z' });
    const latePending = ev('notification', 'p', { status: 'PENDING', responseCode: '60', occurredAt: '2026-01-15T11:00:00.000Z' });
    expect(derivePart([refused, latePending]).status).toBe('REFUSED');
    expect(derivePart([latePending, refused])).toEqual(derivePart([refused, latePending]));
  });

  it('a higher-ranked status wins even when its event is older', () => {
    const captured = ev('operations_report', 'o', { status: 'CAPTURED', occurredAt: '2026-01-15T10:00:00.000Z' });
    const toCapture = ev('transactions_report', 't', { status: 'TO_CAPTURE', occurredAt: '2026-01-15T11:00:00.000Z' });
    expect(derivePart([captured, toCapture]).status).toBe('CAPTURED');
  });

  it('CANCELLED outranks EXPIRED and REFUSED, whatever their times', () => {
    const cancelled = ev('operation', 'c', { status: 'CANCELLED', occurredAt: '2026-01-15T10:00:00.000Z' });
    for (const status of ['EXPIRED', 'REFUSED'] as const) {
      const later = ev('transactions_report', 'l', { status, occurredAt: '2026-01-15T11:00:00.000Z' });
      expect(derivePart([cancelled, later]).status, status).toBe('CANCELLED');
      expect(derivePart([later, cancelled]).status, status).toBe('CANCELLED');
    }
  });

  it('between statuses of equal rank, the later event wins', () => {
    const at = (status: 'TO_VALIDATE' | 'TO_CAPTURE', occurredAt: string) => ev('notification', status, { status, occurredAt });
    expect(derivePart([at('TO_VALIDATE', '2026-01-15T10:00:00.000Z'), at('TO_CAPTURE', '2026-01-15T11:00:00.000Z')]).status).toBe('TO_CAPTURE');
    expect(derivePart([at('TO_VALIDATE', '2026-01-15T11:00:00.000Z'), at('TO_CAPTURE', '2026-01-15T10:00:00.000Z')]).status).toBe('TO_VALIDATE');
  });

  const eventSets: Record<string, PartEventRecord[]> = {
    'Sips voucher: pending IPN, accepted IPN, transactions report, capture in the operations report': [
      ev('notification', 'n-pending', { brand: 'CONECS', status: 'PENDING', amount: 2350, responseCode: '60', occurredAt: '2026-01-15T10:00:00.000Z' }),
      ev('notification', 'n-ok', { brand: 'CONECS', status: 'TO_CAPTURE', authorisationId: 'A1B2C3', occurredAt: '2026-01-15T10:01:00.000Z', captureDelayDays: 0 }),
      ev('transactions_report', 'jt', { brand: 'APETIZ', status: 'TO_CAPTURE', pspTransactionId: 'T1' }, '2026-01-16T03:00:00.000Z'),
      ev('operations_report', 'jo', { brand: 'CONECS', status: 'CAPTURED', occurredAt: '2026-01-15T23:10:00.000Z' }, '2026-01-16T03:00:00.000Z'),
    ],
    'conflicting sources: accepted, refused, an amount that differs': [
      ev('notification', 'x1', { status: 'TO_CAPTURE', amount: 1900, occurredAt: '2026-01-15T10:00:00.000Z', anomalies: [{ code: 'SOMETHING', message: 'first' }] }),
      ev('transactions_report', 'x2', { status: 'REFUSED', amount: 1800, responseCode: '05' }),
      ev('notification', 'x3', { status: 'TO_CAPTURE', amount: 1900, occurredAt: '2026-01-15T10:00:00.000Z', anomalies: [{ code: 'SOMETHING', message: 'second' }] }),
    ],
    'ties: same rank and time, different statuses and fingerprints': [
      ev('notification', 'b', { status: 'TO_VALIDATE', responseCode: 'b', occurredAt: '2026-01-15T10:00:00.000Z' }),
      ev('notification', 'a', { status: 'TO_CAPTURE', responseCode: 'a', occurredAt: '2026-01-15T10:00:00.000Z' }),
      ev('notification', 'c', { status: 'TO_CAPTURE', responseCode: 'c', occurredAt: '2026-01-15T10:00:00.000Z' }),
      ev('transactions_report', 'd', { status: 'TO_VALIDATE', responseCode: 'd', occurredAt: null }),
    ],
    'card part cancelled by our own operation after capture data': [
      ev('notification', 'c1', { kind: 'card', brand: 'LIMOCB', amount: 450, status: 'TO_CAPTURE', maskedPan: '497010######0014', occurredAt: '2026-01-15T10:00:00.000Z' }),
      ev('operation', 'c2', { kind: 'card', brand: 'LIMOCB', amount: 450, status: 'CANCELLED', occurredAt: '2026-01-15T11:00:00.000Z' }),
      ev('transactions_report', 'c3', { kind: 'card', brand: 'LIMOCB', amount: 450, status: 'TO_CAPTURE', pspTransactionId: 'S-2' }),
      ev('notification', 'c4', { kind: 'card', brand: 'LIMOCB', amount: 450, status: 'PENDING', occurredAt: '2026-01-15T09:59:00.000Z' }),
    ],
  };

  it.each(Object.entries(eventSets))('%s: every permutation gives an identical PartState', (_name, events) => {
    const expected = derivePart(events);
    const all = permutations(events);
    expect(all.length).toBeGreaterThan(1);
    for (const order of all) expect(derivePart(order)).toEqual(expected);
  });

  it('the derived states of those sets are the ones the rules say', () => {
    const sips = derivePart(eventSets['Sips voucher: pending IPN, accepted IPN, transactions report, capture in the operations report']!);
    expect(sips).toMatchObject({ status: 'CAPTURED', brand: 'APETIZ', authorisationId: 'A1B2C3', pspTransactionId: 'T1', paidAt: '2026-01-15T10:01:00.000Z' });
    const cancelled = derivePart(eventSets['card part cancelled by our own operation after capture data']!);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', maskedPan: '497010######0014', pspTransactionId: 'S-2' });
  });
});

describe('derivePart: merging what sources know', () => {
  it('replaces the generic CONECS brand with the specific voucher brand another event gives', () => {
    const state = derivePart([
      ev('transactions_report', 't', { brand: 'SODEXO', status: 'TO_CAPTURE' }),
      ev('operations_report', 'o', { brand: 'CONECS', status: 'CAPTURED' }),
    ]);
    expect(state.status).toBe('CAPTURED');
    expect(state.brand).toBe('SODEXO');
  });

  it('keeps CONECS when no event names the issuer, and keeps a specific winner brand', () => {
    expect(derivePart([ev('notification', 'n', { brand: 'CONECS' })]).brand).toBe('CONECS');
    expect(
      derivePart([ev('notification', 'n', { brand: 'APETIZ', status: 'TO_CAPTURE' }), ev('operations_report', 'o', { brand: 'UPCHEQUDEJ', status: 'CAPTURED' })]).brand,
    ).toBe('UPCHEQUDEJ');
  });

  it('keeps an authorisation number, PAN and transaction id given only by an earlier event', () => {
    const state = derivePart([
      ev('notification', 'n', { kind: 'card', brand: 'CB', authorisationId: 'A1B2C3', maskedPan: '497010######0014', pspTransactionId: 'TR1', occurredAt: '2026-01-15T10:00:00.000Z' }),
      ev('operations_report', 'o', { kind: 'card', brand: 'CB', status: 'CAPTURED', occurredAt: '2026-01-15T23:00:00.000Z' }),
    ]);
    expect(state).toMatchObject({ status: 'CAPTURED', authorisationId: 'A1B2C3', maskedPan: '497010######0014', pspTransactionId: 'TR1' });
  });

  it("prefers the winning event's own values", () => {
    const state = derivePart([
      ev('notification', 'n', { authorisationId: 'OLD', occurredAt: '2026-01-15T10:00:00.000Z' }),
      ev('operations_report', 'o', { status: 'CAPTURED', authorisationId: 'NEW', occurredAt: '2026-01-15T23:00:00.000Z' }),
    ]);
    expect(state.authorisationId).toBe('NEW');
  });

  it('leaves the authorisation number null for a voucher part when no source has one', () => {
    expect(derivePart([ev('notification', 'n'), ev('transactions_report', 't')]).authorisationId).toBeNull();
  });
});

describe('derivePart: anomalies', () => {
  it('PART_AMOUNT_DIFFERS when two sources disagree on the amount', () => {
    const state = derivePart([ev('notification', 'n', { amount: 1900 }), ev('transactions_report', 't', { amount: 1800 })]);
    const anomaly = state.anomalies.find((a) => a.code === 'PART_AMOUNT_DIFFERS');
    expect(anomaly).toMatchObject({ partKey: 'voucher' });
    expect(anomaly?.message.replace(/\s/g, ' ')).toBe('sources disagree on the amount of this part: 18,00 €, 19,00 €');
  });

  it('no PART_AMOUNT_DIFFERS for operation amounts (a partial refund) or a provisional pending amount', () => {
    expect(codes([ev('notification', 'n', { amount: 1900 }), op('operations_report', 'r', { type: 'refund', amount: 500 }, { status: 'CAPTURED' })])).not.toContain('PART_AMOUNT_DIFFERS');
    expect(
      codes([ev('notification', 'p', { amount: 2350, status: 'PENDING' }), ev('notification', 'n', { amount: 1900, occurredAt: '2026-01-15T10:00:00.000Z' })]),
    ).not.toContain('PART_AMOUNT_DIFFERS');
    expect(codes([ev('notification', 'n', { amount: 1900 }), ev('transactions_report', 't', { amount: 1900 })])).toEqual([]);
  });

  it('PART_STATUS_CONFLICT when one source says accepted and another refused; the refusal wins', () => {
    const events = [ev('notification', 'n', { status: 'TO_CAPTURE' }), ev('transactions_report', 't', { status: 'REFUSED' })];
    expect(derivePart(events).status).toBe('REFUSED');
    expect(codes(events)).toEqual(['PART_STATUS_CONFLICT']);
    expect(derivePart(events).anomalies[0]?.partKey).toBe('voucher');
  });

  it('no PART_STATUS_CONFLICT for pending then refused, or accepted then cancelled', () => {
    expect(codes([ev('notification', 'p', { status: 'PENDING' }), ev('notification', 'r', { status: 'REFUSED' })])).toEqual([]);
    expect(codes([ev('notification', 'a', { status: 'TO_CAPTURE' }), ev('operation', 'c', { status: 'CANCELLED' })])).toEqual([]);
  });

  it('keeps anomalies carried by events, once per code', () => {
    const state = derivePart([
      ev('notification', 'n', { anomalies: [{ code: 'FULL_PAN_MASKED', message: 'masked' }] }),
      ev('transactions_report', 't', { anomalies: [{ code: 'FULL_PAN_MASKED', message: 'masked again' }, { code: 'OTHER', message: 'o' }] }),
    ]);
    expect(state.anomalies.map((a) => a.code).sort()).toEqual(['FULL_PAN_MASKED', 'OTHER']);
  });
});

describe('derivePart: dates', () => {
  const accepted = (occurredAt: string | null, captureDelayDays: number | null, recordedAt?: string) =>
    ev('notification', `a-${occurredAt}`, { status: 'TO_CAPTURE', occurredAt, captureDelayDays }, recordedAt);

  it('captureDueAt is the start (Paris) of the day after the paid day plus the capture delay', () => {
    expect(derivePart([accepted('2026-01-15T10:00:00.000Z', 0)]).captureDueAt).toBe('2026-01-15T23:00:00.000Z');
    expect(derivePart([accepted('2026-01-15T10:00:00.000Z', 2)]).captureDueAt).toBe('2026-01-17T23:00:00.000Z');
    expect(derivePart([accepted('2026-07-15T10:00:00.000Z', 0)]).captureDueAt).toBe('2026-07-15T22:00:00.000Z');
  });

  it('counts the paid day in Paris: 23:30 UTC in winter is already the next day', () => {
    expect(derivePart([accepted('2026-01-15T23:30:00.000Z', 0)]).captureDueAt).toBe('2026-01-16T23:00:00.000Z');
  });

  it('lands on the right instant across a daylight-saving change', () => {
    expect(derivePart([accepted('2026-03-28T12:00:00.000Z', 0)]).captureDueAt).toBe('2026-03-28T23:00:00.000Z');
    expect(derivePart([accepted('2026-03-28T12:00:00.000Z', 1)]).captureDueAt).toBe('2026-03-29T22:00:00.000Z');
    expect(derivePart([accepted('2026-10-24T12:00:00.000Z', 1)]).captureDueAt).toBe('2026-10-25T23:00:00.000Z');
  });

  it('has no captureDueAt without a delay, or once the part is no longer TO_CAPTURE', () => {
    expect(derivePart([accepted('2026-01-15T10:00:00.000Z', null)]).captureDueAt).toBeNull();
    expect(
      derivePart([accepted('2026-01-15T10:00:00.000Z', 0), ev('operations_report', 'o', { status: 'CAPTURED', captureDelayDays: 0 })]).captureDueAt,
    ).toBeNull();
  });

  it('paidAt is the earliest accepted time, falling back to when the event was recorded', () => {
    const state = derivePart([
      ev('notification', 'p', { status: 'PENDING', occurredAt: '2026-01-15T09:00:00.000Z' }),
      accepted('2026-01-15T10:05:00.000Z', 0),
      accepted('2026-01-15T10:00:00.000Z', 0),
    ]);
    expect(state.paidAt).toBe('2026-01-15T10:00:00.000Z');
    expect(derivePart([accepted(null, 0, '2026-01-15T11:00:00.000Z')]).paidAt).toBe('2026-01-15T11:00:00.000Z');
    expect(derivePart([ev('notification', 'p', { status: 'PENDING' })]).paidAt).toBeNull();
  });
});

describe('derivePart: firstSource', () => {
  it('is notification when any notification exists, whatever the order', () => {
    expect(derivePart([ev('transactions_report', 't'), ev('notification', 'n')]).firstSource).toBe('notification');
    expect(derivePart([ev('notification', 'n'), ev('transactions_report', 't')]).firstSource).toBe('notification');
  });

  it('is transactions_report when the part is known from the report only', () => {
    expect(derivePart([ev('transactions_report', 't'), ev('operations_report', 'o', { status: 'CAPTURED' })]).firstSource).toBe('transactions_report');
  });
});

describe('derivePart: operations', () => {
  const paid = ev('notification', 'n', { amount: 1900, status: 'TO_CAPTURE', occurredAt: '2026-01-15T10:00:00.000Z' });

  it('sums succeeded captures and refunds; failed ones count for nothing', () => {
    const state = derivePart([
      paid,
      op('operations_report', 'c', { type: 'capture', amount: 1900 }, { status: 'CAPTURED' }),
      op('operations_report', 'r1', { type: 'refund', amount: 500 }, { status: 'CAPTURED' }),
      op('operations_report', 'r2', { type: 'refund', amount: 300, succeeded: false }, { status: 'CAPTURED' }),
      op('operation', 'r3', { type: 'refund', amount: 200 }, { status: 'CAPTURED' }),
    ]);
    expect({ status: state.status, capturedAmount: state.capturedAmount, refundedAmount: state.refundedAmount }).toEqual({ status: 'CAPTURED', capturedAmount: 1900, refundedAmount: 700 });
  });

  it('a report saying CAPTURED without a capture operation means the whole part was captured', () => {
    expect(derivePart([paid, ev('transactions_report', 't', { amount: 1900, status: 'CAPTURED' })]).capturedAmount).toBe(1900);
    expect(derivePart([paid]).capturedAmount).toBe(0);
  });

  it('a cancellation is final, in whatever order the events come', () => {
    const cancel = op('operations_report', 'x', { type: 'cancel', amount: 1900, outside: true }, { status: 'CANCELLED' });
    for (const events of permutations([paid, cancel])) expect(derivePart(events).status).toBe('CANCELLED');
  });

  it('a report row confirming a refund issued here is the same money, counted once', () => {
    const captured = op('operations_report', 'c', { type: 'capture', amount: 1900 }, { status: 'CAPTURED' });
    const mine = op('operation', 'mine', { type: 'refund', amount: 200 }, { status: 'CAPTURED' });
    const again = op('operation', 'again', { type: 'refund', amount: 200 }, { status: 'CAPTURED' });
    const reported = op('operations_report', 'row', { type: 'refund', amount: 200 }, { status: 'CAPTURED' });
    const elsewhere = op('operations_report', 'bo', { type: 'refund', amount: 200, outside: true }, { status: 'CAPTURED' });
    for (const events of permutations([paid, captured, mine, reported])) expect(derivePart(events).refundedAmount).toBe(200);
    expect(derivePart([paid, captured, mine, again, reported]).refundedAmount).toBe(400);
    expect(derivePart([paid, captured, mine, elsewhere]).refundedAmount).toBe(400);
  });

  it('a refund leaves what the part is alone: its response, its capture date', () => {
    const notified = ev('notification', 'n', { status: 'TO_CAPTURE', responseCode: '00', captureDelayDays: 0, occurredAt: '2026-01-15T10:00:00.000Z' });
    const refunded = op('operation', 'r', { type: 'refund', amount: 100 }, { status: 'TO_CAPTURE', responseCode: '00000', occurredAt: '2026-01-18T10:00:00.000Z' });
    for (const events of permutations([notified, refunded])) {
      expect(derivePart(events)).toMatchObject({ status: 'TO_CAPTURE', responseCode: '00', captureDueAt: '2026-01-15T23:00:00.000Z', refundedAmount: 100 });
    }
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isDecidable,
  isTerminal,
  notPendingMessage,
  REQUEST_EVENTS,
  REQUEST_STATUSES,
  requestTransition,
  type RequestEvent,
  type RequestStatus,
} from '@/lib/domain/request-state';

// The whole machine, written out by hand: every status × event pair appears exactly once below
// (a test checks that), either with the status it leads to or with the refusal code.
const ALLOWED: Array<[RequestStatus, RequestEvent, RequestStatus]> = [
  ['PENDING', 'approve', 'APPROVED'],
  ['PENDING', 'partial-approve', 'PENDING'],
  ['PENDING', 'deny', 'DENIED'],
  ['PENDING', 'cancel', 'CANCELLED'],
  ['PENDING', 'expire', 'EXPIRED'],
  ['APPROVED', 'complete', 'COMPLETED'],
  ['APPROVED', 'fail', 'FAILED'],
  ['FAILED', 'retry', 'APPROVED'],
];

const CODE_FOR_EVENT: Record<RequestEvent, string> = {
  approve: 'NOT_PENDING',
  'partial-approve': 'NOT_PENDING',
  deny: 'NOT_PENDING',
  cancel: 'NOT_PENDING',
  expire: 'NOT_PENDING',
  complete: 'NOT_APPROVED',
  fail: 'NOT_APPROVED',
  retry: 'NOT_FAILED',
};

const allowedKey = new Set(ALLOWED.map(([s, e]) => `${s}/${e}`));
const REFUSED: Array<[RequestStatus, RequestEvent]> = REQUEST_STATUSES.flatMap((s) =>
  REQUEST_EVENTS.filter((e) => !allowedKey.has(`${s}/${e}`)).map((e): [RequestStatus, RequestEvent] => [s, e]),
);

describe('request statuses', () => {
  it('are exactly the RequestStatus enum of prisma/schema.prisma', () => {
    // Read from the schema itself: the generated client may not exist when unit tests run.
    const schema = readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8');
    const body = /enum RequestStatus \{([^}]*)\}/.exec(schema)?.[1] ?? '';
    const values = body.split('\n').map((l) => l.trim()).filter((l) => /^[A-Z_]+$/.test(l));
    expect(values.length).toBeGreaterThan(0);
    expect([...REQUEST_STATUSES].sort()).toEqual(values.sort());
  });
  it('every status × event pair is in exactly one of the tables', () => {
    expect(allowedKey.size).toBe(ALLOWED.length);
    expect(ALLOWED.length + REFUSED.length).toBe(REQUEST_STATUSES.length * REQUEST_EVENTS.length);
    expect(REFUSED).toHaveLength(48);
  });
});

describe('requestTransition: allowed', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, event, to) => {
    expect(requestTransition(from, event)).toEqual({ ok: true, status: to });
  });
});

describe('requestTransition: refused', () => {
  it.each(REFUSED)('%s refuses %s', (from, event) => {
    const r = requestTransition(from, event);
    expect(r).toMatchObject({ ok: false, code: CODE_FOR_EVENT[event], from, event });
    if (r.ok) throw new Error('unreachable');
    expect(r.userMessage).toMatch(/^[A-Z].*\.$/);
  });

  it.each([
    ['APPROVED', 'This request is no longer pending (it was approved).'],
    ['DENIED', 'This request is no longer pending (it was denied).'],
    ['CANCELLED', 'This request is no longer pending (it was cancelled).'],
    ['EXPIRED', 'This request is no longer pending (it expired).'],
    ['COMPLETED', 'This request is no longer pending (it was approved and carried out).'],
    ['FAILED', 'This request is no longer pending (it was approved, but carrying it out failed).'],
  ] as const)('deciding a %s request says what happened to it', (from, message) => {
    for (const event of ['approve', 'partial-approve', 'deny', 'cancel', 'expire'] as const) {
      expect(requestTransition(from, event)).toMatchObject({ code: 'NOT_PENDING', userMessage: message });
    }
    expect(notPendingMessage(from)).toBe(message);
  });

  it.each([
    ['PENDING', 'This request is not approved (it is waiting for a decision), so there is nothing to carry out.'],
    ['DENIED', 'This request is not approved (it was denied), so there is nothing to carry out.'],
    ['CANCELLED', 'This request is not approved (it was cancelled), so there is nothing to carry out.'],
    ['EXPIRED', 'This request is not approved (it expired), so there is nothing to carry out.'],
    ['COMPLETED', 'This request was already carried out.'],
    ['FAILED', 'Carrying out this request already failed; a platform admin can retry it.'],
  ] as const)('completing or failing a %s request is refused: %s', (from, message) => {
    expect(requestTransition(from, 'complete')).toMatchObject({ code: 'NOT_APPROVED', userMessage: message });
    expect(requestTransition(from, 'fail')).toMatchObject({ code: 'NOT_APPROVED', userMessage: message });
  });

  it.each([
    ['PENDING', 'Only a failed request can be retried (it is waiting for a decision).'],
    ['APPROVED', 'Only a failed request can be retried (it was approved).'],
    ['COMPLETED', 'Only a failed request can be retried (it was approved and carried out).'],
    ['DENIED', 'Only a failed request can be retried (it was denied).'],
  ] as const)('retry of a %s request is refused', (from, message) => {
    expect(requestTransition(from, 'retry')).toMatchObject({ code: 'NOT_FAILED', userMessage: message });
  });
});

describe('request status predicates', () => {
  it.each([
    ['PENDING', true, false],
    ['APPROVED', false, false],
    ['DENIED', false, true],
    ['CANCELLED', false, true],
    ['EXPIRED', false, true],
    ['COMPLETED', false, true],
    ['FAILED', false, false],
  ] as const)('%s: decidable %s, terminal %s', (status, decidable, terminal) => {
    expect(isDecidable(status)).toBe(decidable);
    expect(isTerminal(status)).toBe(terminal);
  });

  it('terminal statuses accept no event at all, and FAILED accepts retry only', () => {
    for (const s of REQUEST_STATUSES.filter(isTerminal)) {
      expect(REQUEST_EVENTS.filter((e) => requestTransition(s, e).ok)).toEqual([]);
    }
    expect(REQUEST_EVENTS.filter((e) => requestTransition('FAILED', e).ok)).toEqual(['retry']);
  });

  it('a failed request retried, failing again, and retried converges on COMPLETED', () => {
    let status: RequestStatus = 'PENDING';
    for (const e of ['partial-approve', 'approve', 'fail', 'retry', 'fail', 'retry', 'complete'] as const) {
      const r = requestTransition(status, e);
      if (!r.ok) throw new Error(r.userMessage);
      status = r.status;
    }
    expect(status).toBe('COMPLETED');
  });
});

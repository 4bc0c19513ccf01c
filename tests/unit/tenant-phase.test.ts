import { describe, expect, it } from 'vitest';
import {
  isBusy,
  isDeletable,
  isTerminalPhase,
  TENANT_EVENTS,
  TENANT_PHASES,
  tenantTransition,
  type TenantEvent,
  type TenantPhase,
} from '@/lib/domain/tenant-phase';

// Written out by hand; every other phase × event pair must be refused.
const ALLOWED: Array<[TenantPhase, TenantEvent, TenantPhase, string | undefined]> = [
  ['PENDING_APPROVAL', 'approve', 'PROVISIONING', undefined],
  ['PENDING_APPROVAL', 'deny', 'DELETED', 'Never created: the request was denied.'],
  ['PENDING_APPROVAL', 'cancel', 'DELETED', 'Never created: the request was cancelled.'],
  ['PENDING_APPROVAL', 'expire', 'DELETED', 'Never created: the request expired before anyone decided it.'],
  ['PROVISIONING', 'provisioned', 'READY', undefined],
  ['PROVISIONING', 'fail', 'FAILED', undefined],
  ['FAILED', 'retry', 'PROVISIONING', undefined],
  ['FAILED', 'delete', 'DELETING', undefined],
  ['READY', 'delete', 'DELETING', undefined],
  ['DELETING', 'deleted', 'DELETED', undefined],
];

const allowedKey = new Set(ALLOWED.map(([p, e]) => `${p}/${e}`));
const REFUSED: Array<[TenantPhase, TenantEvent]> = TENANT_PHASES.flatMap((p) =>
  TENANT_EVENTS.filter((e) => !allowedKey.has(`${p}/${e}`)).map((e): [TenantPhase, TenantEvent] => [p, e]),
);

describe('tenantTransition: allowed', () => {
  it('the table has no duplicate pair and leaves 44 of 54 pairs refused', () => {
    expect(allowedKey.size).toBe(ALLOWED.length);
    expect(REFUSED).toHaveLength(TENANT_PHASES.length * TENANT_EVENTS.length - ALLOWED.length);
    expect(REFUSED).toHaveLength(44);
  });

  it.each(ALLOWED)('%s --%s--> %s', (from, event, to, statusMessage) => {
    const r = tenantTransition(from, event);
    expect(r).toEqual(statusMessage ? { ok: true, phase: to, statusMessage } : { ok: true, phase: to });
  });
});

describe('tenantTransition: refused', () => {
  it.each(REFUSED)('%s refuses %s', (from, event) => {
    const r = tenantTransition(from, event);
    expect(r).toMatchObject({ ok: false, code: 'WRONG_PHASE', from, event });
    if (r.ok) throw new Error('unreachable');
    expect(r.userMessage).toMatch(/^This tenant is .+, so Berth cannot .+\./);
  });

  it.each([
    ['READY', 'approve', 'This tenant is ready, so Berth cannot start provisioning.'],
    ['READY', 'retry', 'This tenant is ready, so Berth cannot retry provisioning.'],
    ['PROVISIONING', 'delete', 'This tenant is being provisioned, so Berth cannot delete it.'],
    ['DELETING', 'delete', 'This tenant is being deleted, so Berth cannot delete it.'],
    ['DELETED', 'retry', 'This tenant is deleted, so Berth cannot retry provisioning.'],
    ['PROVISIONING', 'deny', 'This tenant is being provisioned, so Berth cannot reject it.'],
    ['PENDING_APPROVAL', 'delete', 'This tenant is waiting for approval, so Berth cannot delete it. Cancel its request instead.'],
  ] as const)('%s + %s: %s', (from, event, message) => {
    expect(tenantTransition(from, event)).toMatchObject({ ok: false, userMessage: message });
  });

  it('a failed deletion stays DELETING: it can neither fail back to FAILED nor be provisioned again', () => {
    expect(tenantTransition('DELETING', 'fail').ok).toBe(false);
    expect(tenantTransition('DELETING', 'retry').ok).toBe(false);
    expect(tenantTransition('DELETING', 'approve').ok).toBe(false);
  });
});

describe('tenant phase predicates', () => {
  it.each([
    ['PENDING_APPROVAL', false, false, false],
    ['PROVISIONING', false, false, true],
    ['READY', false, true, false],
    ['FAILED', false, true, false],
    ['DELETING', false, false, true],
    ['DELETED', true, false, false],
  ] as const)('%s: terminal %s, deletable %s, busy %s', (phase, terminal, deletable, busy) => {
    expect(isTerminalPhase(phase)).toBe(terminal);
    expect(isDeletable(phase)).toBe(deletable);
    expect(isBusy(phase)).toBe(busy);
  });

  it('DELETED accepts no event', () => {
    expect(TENANT_EVENTS.filter((e) => tenantTransition('DELETED', e).ok)).toEqual([]);
  });

  it('the happy path, a failure and a retry, then deletion', () => {
    let phase: TenantPhase = 'PENDING_APPROVAL';
    for (const e of ['approve', 'fail', 'retry', 'provisioned', 'delete', 'deleted'] as const) {
      const r = tenantTransition(phase, e);
      if (!r.ok) throw new Error(r.userMessage);
      phase = r.phase;
    }
    expect(phase).toBe('DELETED');
  });
});

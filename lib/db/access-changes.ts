import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { AUDIT_ACTIONS } from '@/lib/domain/audit-actions';
import { eventWords } from '@/lib/domain/event-words';
import { requirePermission } from '@/lib/domain/permissions';
import { param, toPage, type ReportPage, type SearchParams } from './access-report';
import { db } from './client';

/**
 * Audit actions that change who can reach a tenant: every `access.*` action, and `tenant.ready`
 * (the owner becomes its first admin). Read from the catalogue, so an action added there is
 * reported without touching this file, and the query is an indexable `action IN (…)`.
 */
export const ACCESS_CHANGE_ACTIONS: readonly string[] = Object.keys(AUDIT_ACTIONS).filter((a) => a.startsWith('access.') || a === 'tenant.ready');

export const CHANGES_PAGE_SIZE = 50;
const DAY = 86_400_000;
const DEFAULT_DAYS = 7;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** From the start of `from` to the end of `to`, whole UTC days, as the date inputs say them. */
export type Period = { from: string; to: string };

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** `2026-01-31` as a date, or null for anything else (including 2026-02-31). */
export function parseDay(s: string): Date | null {
  if (!DAY_RE.test(s)) return null;
  const d = new Date(`${s}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || dayOf(d) !== s ? null : d;
}

/** `?from=&to=` (days, UTC), the last 7 days when absent or unreadable; swapped if reversed. */
export function parsePeriod(params: SearchParams, now = new Date()): Period {
  const to = parseDay(param(params, 'to', 10)) ?? parseDay(dayOf(now))!;
  const from = parseDay(param(params, 'from', 10)) ?? new Date(to.getTime() - DEFAULT_DAYS * DAY);
  return from <= to ? { from: dayOf(from), to: dayOf(to) } : { from: dayOf(to), to: dayOf(from) };
}

/** The instants a period covers: [start of `from`, start of the day after `to`). */
export function periodBounds(p: Period): { gte: Date; lt: Date } {
  return { gte: parseDay(p.from)!, lt: new Date(parseDay(p.to)!.getTime() + DAY) };
}

export type AccessChangeDto = {
  seq: string;
  at: Date;
  actor: string;
  action: string;
  words: string;
  /** What it changed, in words, and the page about it when there is one. */
  target: { label: string; href: string | null };
  /** The event's data, one line. */
  summary: string;
};

export type AccessChangesDto = ReportPage<AccessChangeDto> & { period: Period };

const MAX_SUMMARY = 240;

function short(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length > 3 ? `${value.length} items` : value.map(short).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// Who and what first; JSONB hands keys back shortest first, which reads as noise.
const FIRST = ['member', 'role', 'reason', 'expiresAt', 'expiredAt'];
const rank = (key: string) => (FIRST.includes(key) ? FIRST.indexOf(key) : FIRST.length);

/** `member: alice, role: view, expiresAt: 2026-…, objects: 7 items`: every key, long lists as counts. */
export function summarizeData(data: unknown): string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return short(data);
  const line = Object.entries(data as Record<string, unknown>)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, v]) => `${k}: ${short(v)}`)
    .join(', ');
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}

type EventRow = { targetType: string; targetId: string | null };

/** Names for the page's targets: tenants as `namespace on cluster`, users by username; one query per type. */
async function targetLabels(rows: EventRow[]): Promise<(r: EventRow) => AccessChangeDto['target']> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.targetType === type && r.targetId).map((r) => r.targetId!))];
  const [tenants, users] = await Promise.all([
    ids('Tenant').length ? db.tenant.findMany({ where: { id: { in: ids('Tenant') } }, select: { id: true, namespace: true, cluster: { select: { name: true } } } }) : [],
    ids('User').length ? db.user.findMany({ where: { id: { in: ids('User') } }, select: { id: true, username: true } }) : [],
  ]);
  const tenant = new Map(tenants.map((t) => [t.id, `${t.namespace} on ${t.cluster.name}`]));
  const user = new Map(users.map((u) => [u.id, u.username]));
  return ({ targetType, targetId }) => {
    if (!targetId) return { label: targetType, href: null };
    if (targetType === 'Tenant') return { label: tenant.get(targetId) ?? `Tenant ${targetId}`, href: `/tenants/${targetId}` };
    if (targetType === 'Request') return { label: `Request ${targetId.slice(0, 8)}`, href: `/requests/${targetId}` };
    if (targetType === 'User') return { label: user.get(targetId) ?? `User ${targetId}`, href: null };
    return { label: `${targetType} ${targetId}`, href: null };
  };
}

/**
 * Access changes in a period, newest first, a page at a time with the total. Platform admins only.
 * `action IN (…) AND at in [from, to)`: an index on AuditEvent (action, at) answers it without
 * reading the logins and token issues around it (docs/reports.md).
 */
export async function listAccessChanges(actor: Actor, period: Period, page = 1): Promise<AccessChangesDto> {
  requirePermission(actor, 'reports:view');
  const where = { action: { in: [...ACCESS_CHANGE_ACTIONS] }, at: periodBounds(period) };
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: { seq: 'desc' },
      skip: (page - 1) * CHANGES_PAGE_SIZE,
      take: CHANGES_PAGE_SIZE,
      select: { seq: true, at: true, actor: true, action: true, targetType: true, targetId: true, data: true },
    }),
    db.auditEvent.count({ where }),
  ]);
  const label = await targetLabels(rows);
  const dtos = rows.map((r) => ({ seq: r.seq.toString(), at: r.at, actor: r.actor, action: r.action, words: eventWords(r.action), target: label(r), summary: summarizeData(r.data) }));
  return { ...toPage(dtos, total, page, CHANGES_PAGE_SIZE), period };
}

import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { AUDIT_ACTIONS } from '@/lib/domain/audit-actions';
import { eventWords } from '@/lib/domain/event-words';
import { normalizeAddress } from '@/lib/domain/login-throttle-address';
import { normalizeUsername, SCOPE_WORDS, type ThrottleScope } from '@/lib/domain/login-throttle';
import { requirePermission } from '@/lib/domain/permissions';
import type { Prisma } from './generated/client';
import { parsePeriod, periodBounds, summarizeData, type Period } from './access-changes';
import { param, toPage, type ReportPage, type SearchParams } from './access-report';
import { db } from './client';

/** Every `login.*` action of the catalogue: failures, locks, and locks ended. */
export const SIGN_IN_ACTIONS: readonly string[] = Object.keys(AUDIT_ACTIONS).filter((a) => a.startsWith('login.'));

export const SIGN_INS_PAGE_SIZE = 50;
const MAX_LOCKS = 200;

export type SignInLockDto = { scope: string; username: string | null; address: string | null; failures: number; lockedAt: Date; until: Date };

/** The keys locked now, the latest to end first. Platform admins only. */
export async function listSignInLocks(actor: Actor): Promise<SignInLockDto[]> {
  requirePermission(actor, 'reports:view');
  const rows = await db.loginThrottle.findMany({
    where: { lockedAt: { not: null }, blockedUntil: { gt: new Date() } },
    orderBy: { blockedUntil: 'desc' },
    take: MAX_LOCKS,
    select: { scope: true, username: true, address: true, failures: true, lockedAt: true, blockedUntil: true },
  });
  return rows.map((r) => ({ scope: SCOPE_WORDS[r.scope as ThrottleScope], username: r.username, address: r.address, failures: r.failures, lockedAt: r.lockedAt!, until: r.blockedUntil! }));
}

/** The period (UTC days), and optionally one username (exactly, any case) or one address. */
export type SignInFilter = Period & { user?: string; address?: string };

export function parseSignInFilter(params: SearchParams, now = new Date()): SignInFilter {
  const user = param(params, 'user', 256);
  const address = normalizeAddress(param(params, 'address', 64));
  return { ...parsePeriod(params, now), ...(user ? { user: normalizeUsername(user) } : {}), ...(address ? { address } : {}) };
}

export type SignInEventDto = { seq: string; at: Date; action: string; words: string; username: string | null; address: string | null; summary: string };

export type SignInEventsDto = ReportPage<SignInEventDto> & { filter: SignInFilter };

function whereOf(f: SignInFilter): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [{ action: { in: [...SIGN_IN_ACTIONS] }, at: periodBounds(f) }];
  if (f.user) and.push({ targetType: 'Username', targetId: f.user });
  if (f.address) and.push({ OR: [{ data: { path: ['address'], equals: f.address } }, { targetType: 'Address', targetId: f.address }] });
  return { AND: and };
}

const text = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * Failed sign-ins, locks and their ends in a period, newest first, a page at a time. Platform
 * admins only. The `AuditEvent (action, at)` index answers the period; a username is the
 * event's target (`AuditEvent (targetType, targetId)`).
 */
export async function listSignInEvents(actor: Actor, filter: SignInFilter, page = 1): Promise<SignInEventsDto> {
  requirePermission(actor, 'reports:view');
  const where = whereOf(filter);
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: { seq: 'desc' }, skip: (page - 1) * SIGN_INS_PAGE_SIZE, take: SIGN_INS_PAGE_SIZE, select: { seq: true, at: true, action: true, data: true } }),
    db.auditEvent.count({ where }),
  ]);
  const dtos = rows.map((r) => {
    const { username, address, ...rest } = (r.data ?? {}) as Record<string, unknown>;
    return { seq: r.seq.toString(), at: r.at, action: r.action, words: eventWords(r.action), username: text(username), address: text(address), summary: summarizeData(rest) };
  });
  return { ...toPage(dtos, total, page, SIGN_INS_PAGE_SIZE), filter };
}

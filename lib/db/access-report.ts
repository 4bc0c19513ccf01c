import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { requirePermission } from '@/lib/domain/permissions';
import type { TenantRole } from '@/lib/domain/tenant-access';
import { db } from './client';
import type { Prisma } from './generated/client';

// The query-string and paging helpers below are shared by the other report modules
// (access-changes.ts, request-history.ts), so each report parses and pages the same way.

/** A page's query string as Next.js hands it over. */
export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * A search term as a LIKE literal: Prisma's `contains` wraps the value in `%…%` as it is, so
 * a `%` or `_` typed into a search box would otherwise match anything.
 */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One page of a report, with the total the pager shows. */
export type ReportPage<T> = { rows: T[]; total: number; page: number; pageSize: number; pageCount: number };

export const ACCESS_PAGE_SIZE = 50;
const TENANT_ROLES: readonly TenantRole[] = ['admin', 'edit', 'view'];
// A typo'd ?expiring=99999 is not worth a date overflow; ten years is "anything that expires".
const MAX_EXPIRING_DAYS = 3650;

/** The first value of a query parameter, trimmed and capped: filters are short by nature. */
export function param(params: SearchParams, name: string, max = 100): string {
  const v = params[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim().slice(0, max);
}

// Past any real report's last page, and small enough that the row offset stays a 32-bit integer.
const MAX_PAGE = 1_000_000;

/** `?page=`, 1 when absent or not a positive integer. */
export function pageParam(params: SearchParams): number {
  const n = Number(param(params, 'page', 9));
  return Number.isSafeInteger(n) && n > 0 ? Math.min(n, MAX_PAGE) : 1;
}

export function toPage<T>(rows: T[], total: number, page: number, pageSize: number): ReportPage<T> {
  return { rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

export type AccessFilter = {
  /** Part of a username or display name, any case. */
  user?: string;
  /** A cluster's name, exactly. */
  cluster?: string;
  /** Part of a tenant's namespace. */
  tenant?: string;
  role?: TenantRole;
  /** Only memberships that end within this many days from now. */
  expiringWithinDays?: number;
};

/** The filter a page or the CSV export was asked for; what does not parse is ignored, not an error. */
export function parseAccessFilter(params: SearchParams): AccessFilter {
  const role = param(params, 'role');
  const days = Number(param(params, 'expiring', 5));
  return {
    ...(param(params, 'user') ? { user: param(params, 'user') } : {}),
    ...(param(params, 'cluster', 63) ? { cluster: param(params, 'cluster', 63) } : {}),
    ...(param(params, 'tenant', 63) ? { tenant: param(params, 'tenant', 63).toLowerCase() } : {}),
    ...(TENANT_ROLES.includes(role as TenantRole) ? { role: role as TenantRole } : {}),
    ...(param(params, 'expiring') && Number.isInteger(days) && days > 0 ? { expiringWithinDays: Math.min(days, MAX_EXPIRING_DAYS) } : {}),
  };
}

/** The same filter back as query parameters, for links that keep it (pager, export). */
export function accessFilterParams(f: AccessFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.user) out.user = f.user;
  if (f.cluster) out.cluster = f.cluster;
  if (f.tenant) out.tenant = f.tenant;
  if (f.role) out.role = f.role;
  if (f.expiringWithinDays) out.expiring = String(f.expiringWithinDays);
  return out;
}

/** Where a membership came from: the request that granted it, tenant ownership, or nothing on record. */
export type AccessSource = { kind: 'owner'; requestId: string | null } | { kind: 'request'; requestKind: string; requestId: string } | { kind: 'none' };

export type AccessRowDto = {
  /** The membership's id. */
  id: string;
  user: { username: string; displayName: string };
  cluster: string;
  tenant: { id: string; namespace: string };
  role: string;
  source: AccessSource;
  /** Who approved the granting request, first approval first. */
  approvers: { username: string; displayName: string }[];
  grantedAt: Date;
  expiresAt: Date | null;
};

export type AccessReportDto = ReportPage<AccessRowDto> & { filter: AccessFilter; clusters: string[] };

// Tenant access is an INTERNAL membership of a group that holds a tenant's role; EXTERNAL
// memberships are directory groups, which are not access Berth granted.
function accessWhere(f: AccessFilter, now: Date): Prisma.MembershipWhereInput {
  const tenant: Prisma.TenantWhereInput = {
    ...(f.cluster ? { cluster: { name: f.cluster } } : {}),
    ...(f.tenant ? { namespace: { contains: likeLiteral(f.tenant) } } : {}),
  };
  return {
    source: 'INTERNAL',
    group: { tenantId: { not: null }, ...(f.role ? { role: f.role } : {}), ...(Object.keys(tenant).length ? { tenant } : {}) },
    ...(f.user ? { user: { OR: [{ username: { contains: likeLiteral(f.user), mode: 'insensitive' } }, { displayName: { contains: likeLiteral(f.user), mode: 'insensitive' } }] } } : {}),
    ...(f.expiringWithinDays ? { expiresAt: { gt: now, lte: new Date(now.getTime() + f.expiringWithinDays * 86_400_000) } } : {}),
  };
}

const select = {
  id: true,
  createdAt: true,
  expiresAt: true,
  requestId: true,
  userId: true,
  user: { select: { username: true, displayName: true } },
  group: { select: { role: true, tenant: { select: { id: true, namespace: true, ownerId: true, cluster: { select: { name: true } } } } } },
} as const satisfies Prisma.MembershipSelect;

type Row = Prisma.MembershipGetPayload<{ select: typeof select }>;

// Newest grant first; the id breaks ties so pages and export batches never repeat or skip a row.
const newestFirst: Prisma.MembershipOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];

type GrantingRequest = { kind: string; approvers: { username: string; displayName: string }[] };

/** The granting requests of a page of rows, with their approvals: one query, whatever the page size. */
async function grantingRequests(rows: Row[]): Promise<Map<string, GrantingRequest>> {
  const ids = [...new Set(rows.flatMap((r) => (r.requestId ? [r.requestId] : [])))];
  if (!ids.length) return new Map();
  const requests = await db.request.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      kind: true,
      decisions: { where: { approve: true }, orderBy: { createdAt: 'asc' }, select: { approver: { select: { username: true, displayName: true } } } },
    },
  });
  return new Map(requests.map((r) => [r.id, { kind: r.kind, approvers: r.decisions.map((d) => d.approver) }]));
}

function sourceOf(r: Row, request: GrantingRequest | undefined, ownerId: string): AccessSource {
  if (request) return request.kind === 'NEW_TENANT' ? { kind: 'owner', requestId: r.requestId } : { kind: 'request', requestKind: request.kind, requestId: r.requestId! };
  // Provisioning put owners in the admins group before memberships recorded their request.
  if (!r.requestId && r.userId === ownerId && r.group.role === 'admin') return { kind: 'owner', requestId: null };
  return { kind: 'none' };
}

async function toDtos(rows: Row[]): Promise<AccessRowDto[]> {
  const requests = await grantingRequests(rows);
  return rows.flatMap((r) => {
    const t = r.group.tenant;
    if (!t) return []; // the where clause asks for a tenant; a group detached meanwhile is not access
    const request = r.requestId ? requests.get(r.requestId) : undefined;
    return [
      {
        id: r.id,
        user: r.user,
        cluster: t.cluster.name,
        tenant: { id: t.id, namespace: t.namespace },
        role: r.group.role ?? '',
        source: sourceOf(r, request, t.ownerId),
        approvers: request?.approvers ?? [],
        grantedAt: r.createdAt,
        expiresAt: r.expiresAt,
      },
    ];
  });
}

/**
 * Who holds which role in which tenant, newest grant first, one page of ACCESS_PAGE_SIZE with
 * the total. Platform admins only. The filters narrow through indexed joins (cluster name →
 * tenants → groups by tenant → memberships by group; users → memberships by user), see
 * docs/reports.md for the plans.
 */
export async function listAccess(actor: Actor, filter: AccessFilter, page = 1): Promise<AccessReportDto> {
  requirePermission(actor, 'reports:view');
  const where = accessWhere(filter, new Date());
  const [rows, total, clusters] = await Promise.all([
    db.membership.findMany({ where, orderBy: newestFirst, skip: (page - 1) * ACCESS_PAGE_SIZE, take: ACCESS_PAGE_SIZE, select }),
    db.membership.count({ where }),
    db.cluster.findMany({ orderBy: { name: 'asc' }, select: { name: true } }),
  ]);
  return { ...toPage(await toDtos(rows), total, page, ACCESS_PAGE_SIZE), filter, clusters: clusters.map((c) => c.name) };
}

/**
 * Every row of the report in batches, for the CSV export: keyset pagination on (createdAt, id),
 * so batch 100 costs what batch 1 does and a grant made meanwhile neither repeats nor shifts rows.
 */
export async function* accessRowBatches(actor: Actor, filter: AccessFilter, opts: { batchSize?: number; limit?: number } = {}): AsyncGenerator<AccessRowDto[]> {
  requirePermission(actor, 'reports:view');
  const { batchSize = 1000, limit = 100_000 } = opts;
  const where = accessWhere(filter, new Date());
  let after: { createdAt: Date; id: string } | null = null;
  for (let sent = 0; sent < limit; ) {
    // (createdAt, id) < (last row's): the `lte` alone is what an index range scan can start from.
    const keyset: Prisma.MembershipWhereInput[] = after
      ? [{ createdAt: { lte: after.createdAt } }, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }]
      : [];
    const rows: Row[] = await db.membership.findMany({ where: { AND: [where, ...keyset] }, orderBy: newestFirst, take: Math.min(batchSize, limit - sent), select });
    if (!rows.length) return;
    sent += rows.length;
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
    yield await toDtos(rows);
    if (rows.length < batchSize) return;
  }
}

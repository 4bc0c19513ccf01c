import 'server-only';
import type { Actor } from '@/lib/domain/actor';
import { requirePermission } from '@/lib/domain/permissions';
import { REQUEST_STATUSES, type RequestStatus } from '@/lib/domain/request-state';
import { periodBounds, parseDay, type Period } from './access-changes';
import { likeLiteral, param, toPage, type ReportPage, type SearchParams } from './access-report';
import { db } from './client';
import type { Prisma } from './generated/client';
import { RequestKind } from './generated/enums';

/** The kinds the search offers, from the schema's enum. */
export const REQUEST_KINDS: readonly RequestKind[] = Object.values(RequestKind);

export const HISTORY_PAGE_SIZE = 50;

export type RequestHistoryFilter = {
  /** Part of the requester's username or display name, any case. */
  requester?: string;
  /** Part of the tenant's namespace. */
  tenant?: string;
  kind?: RequestKind;
  status?: RequestStatus;
  /** Made in these UTC days; either end may be open. */
  from?: string;
  to?: string;
};

/** What the search form asked for; values that do not parse are dropped. */
export function parseRequestHistoryFilter(params: SearchParams): RequestHistoryFilter {
  const kind = param(params, 'kind');
  const status = param(params, 'status');
  const from = param(params, 'from', 10);
  const to = param(params, 'to', 10);
  return {
    ...(param(params, 'requester') ? { requester: param(params, 'requester') } : {}),
    ...(param(params, 'tenant', 63) ? { tenant: param(params, 'tenant', 63).toLowerCase() } : {}),
    ...(REQUEST_KINDS.includes(kind as RequestKind) ? { kind: kind as RequestKind } : {}),
    ...(REQUEST_STATUSES.includes(status as RequestStatus) ? { status: status as RequestStatus } : {}),
    ...(parseDay(from) ? { from } : {}),
    ...(parseDay(to) ? { to } : {}),
  };
}

export type RequestHistoryRowDto = {
  id: string;
  kind: string;
  status: string;
  reason: string;
  createdAt: Date;
  decidedAt: Date | null;
  requester: { username: string; displayName: string };
  onBehalfOf: string | null;
  tenant: { id: string; namespace: string; cluster: string } | null;
  decisions: { approver: string; approve: boolean; justification: string; at: Date }[];
};

export type RequestHistoryDto = ReportPage<RequestHistoryRowDto> & { filter: RequestHistoryFilter };

function historyWhere(f: RequestHistoryFilter): Prisma.RequestWhereInput {
  const open = { from: f.from ?? '1970-01-01', to: f.to ?? '9999-12-30' } satisfies Period;
  return {
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.requester ? { requester: { OR: [{ username: { contains: likeLiteral(f.requester), mode: 'insensitive' } }, { displayName: { contains: likeLiteral(f.requester), mode: 'insensitive' } }] } } : {}),
    ...(f.tenant ? { tenant: { namespace: { contains: likeLiteral(f.tenant) } } } : {}),
    ...(f.from || f.to ? { createdAt: periodBounds(open) } : {}),
  };
}

/**
 * Every request Berth has kept, whatever became of it, with its decisions: newest first, one
 * page with the total. Platform admins only; each row links to the request page, which
 * authorizes on its own.
 */
export async function searchRequestHistory(actor: Actor, filter: RequestHistoryFilter, page = 1): Promise<RequestHistoryDto> {
  requirePermission(actor, 'reports:view');
  const where = historyWhere(filter);
  const [rows, total] = await Promise.all([
    db.request.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * HISTORY_PAGE_SIZE,
      take: HISTORY_PAGE_SIZE,
      select: {
        id: true,
        kind: true,
        status: true,
        reason: true,
        createdAt: true,
        decidedAt: true,
        requester: { select: { username: true, displayName: true } },
        onBehalfOf: { select: { username: true } },
        tenant: { select: { id: true, namespace: true, cluster: { select: { name: true } } } },
        decisions: { orderBy: { createdAt: 'asc' }, select: { approve: true, justification: true, createdAt: true, approver: { select: { username: true } } } },
      },
    }),
    db.request.count({ where }),
  ]);
  const dtos = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    createdAt: r.createdAt,
    decidedAt: r.decidedAt,
    requester: r.requester,
    onBehalfOf: r.onBehalfOf?.username ?? null,
    tenant: r.tenant ? { id: r.tenant.id, namespace: r.tenant.namespace, cluster: r.tenant.cluster.name } : null,
    decisions: r.decisions.map((d) => ({ approver: d.approver.username, approve: d.approve, justification: d.justification, at: d.createdAt })),
  }));
  return { ...toPage(dtos, total, page, HISTORY_PAGE_SIZE), filter };
}

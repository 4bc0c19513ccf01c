// The access report, its CSV, access changes and request history against the real database.
// Rows are written directly (a cluster of its own, so the shared database's other rows never
// match the filters), then read back through the query modules the pages and the export use.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_CHANGE_ACTIONS, listAccessChanges, parsePeriod } from '@/lib/db/access-changes';
import { accessRowBatches, listAccess, parseAccessFilter, type AccessRowDto } from '@/lib/db/access-report';
import { ACCESS_CSV_HEADER, accessCsvFilename, accessReportCsv } from '@/lib/db/access-report-csv';
import { appendAudit, SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { parseRequestHistoryFilter, searchRequestHistory } from '@/lib/db/request-history';
import type { Actor } from '@/lib/domain/actor';
import { AUDIT_ACTIONS, type AuditAction } from '@/lib/domain/audit-actions';
import { makeActor } from '../support/actors';
import { refusal } from '../support/tenants';

const tag = randomBytes(3).toString('hex');
const MIN = 60_000;
const DAY = 86_400_000;
const now = Date.now();

let admin: Actor;
let outsider: Actor;
let cluster: { id: string; name: string };
let other: { id: string; name: string };
const users: Record<string, { id: string; username: string }> = {};
let payments: { id: string; namespace: string; groups: Record<'admin' | 'edit' | 'view', string> };
let search: { id: string; namespace: string; groups: Record<'admin' | 'edit' | 'view', string> };
let bulk: { id: string; namespace: string; groups: Record<'admin' | 'edit' | 'view', string> };
let ownerRequest: string;
let accessRequest: string;
let approvers: { first: { id: string; username: string }; second: { id: string; username: string }; denier: { id: string; username: string } };

async function user(key: string, displayName = key) {
  const username = `r-${tag}-${key}`;
  const u = await db.user.create({ data: { provider: 'ldap', subject: `uid=${username},dc=test`, username, displayName, email: `${username}@berth.test` }, select: { id: true, username: true } });
  users[key] = u;
  return u;
}

async function tenant(clusterRow: { id: string; name: string }, name: string, ownerId: string) {
  const namespace = `${name}-${tag}`;
  const t = await db.tenant.create({
    data: { clusterId: clusterRow.id, name: namespace, namespace, type: 'NAMESPACE', template: 'team', templateVersion: '1', preset: 'small', manifest: {}, phase: 'READY', ownerId, activeKey: `${clusterRow.id}/${namespace}`, readyAt: new Date() },
    select: { id: true },
  });
  const groups = {} as Record<'admin' | 'edit' | 'view', string>;
  for (const [role, suffix] of [['admin', 'admins'], ['edit', 'editors'], ['view', 'viewers']] as const) {
    groups[role] = (await db.group.create({ data: { name: `berth-${clusterRow.name}-${namespace}-${suffix}`, source: 'INTERNAL', tenantId: t.id, role }, select: { id: true } })).id;
  }
  return { id: t.id, namespace, groups };
}

const grant = (userId: string, groupId: string, minutesAgo: number, extra: { requestId?: string; expiresAt?: Date } = {}) =>
  db.membership.create({ data: { userId, groupId, source: 'INTERNAL', createdAt: new Date(now - minutesAgo * MIN), ...extra } });

beforeAll(async () => {
  admin = await makeActor({ admin: true });
  outsider = await makeActor({ admin: false });
  cluster = await db.cluster.create({ data: { name: `rep-${tag}`, displayName: 'Reports', authMode: 'IN_CLUSTER' }, select: { id: true, name: true } });
  other = await db.cluster.create({ data: { name: `rep-${tag}-other`, displayName: 'Other', authMode: 'IN_CLUSTER' }, select: { id: true, name: true } });

  const owner = await user('owner', `Olga Owner ${tag}`);
  const alice = await user('alice', 'Alice Anders');
  const bob = await user('bob', '=HYPERLINK("http://evil","Bob")');
  const carol = await user('carol', 'Carol, "the" Reviewer');
  approvers = { first: await user('appr1', 'First Approver'), second: await user('appr2', 'Second Approver'), denier: await user('denier', 'Denier') };

  payments = await tenant(cluster, 'payments', owner.id);
  search = await tenant(cluster, 'search', owner.id);
  bulk = await tenant(cluster, 'bulk', owner.id);
  const elsewhere = await tenant(other, 'payments', owner.id);

  const request = (kind: 'NEW_TENANT' | 'ACCESS', requesterId: string, tenantId: string, extra: { status?: 'COMPLETED' | 'DENIED' | 'PENDING'; createdAt?: Date; reason?: string } = {}) =>
    db.request.create({
      data: { kind, requesterId, tenantId, reason: extra.reason ?? `reason ${tag}`, payload: {}, approverGroups: ['berth-platform-admins'], status: extra.status ?? 'COMPLETED', ...(extra.createdAt ? { createdAt: extra.createdAt } : {}) },
      select: { id: true },
    });
  ownerRequest = (await request('NEW_TENANT', owner.id, payments.id, { createdAt: new Date(now - 120 * MIN) })).id;
  accessRequest = (await request('ACCESS', alice.id, payments.id, { createdAt: new Date(now - 40 * MIN) })).id;
  await db.decision.create({ data: { requestId: ownerRequest, approverId: approvers.first.id, approve: true, justification: 'ok', createdAt: new Date(now - 100 * MIN) } });
  // Two approvals and a dissent: the approvers column names only the approvals, in order.
  await db.decision.create({ data: { requestId: accessRequest, approverId: approvers.second.id, approve: true, justification: 'yes', createdAt: new Date(now - 30 * MIN) } });
  await db.decision.create({ data: { requestId: accessRequest, approverId: approvers.first.id, approve: true, justification: 'yes', createdAt: new Date(now - 20 * MIN) } });
  await db.decision.create({ data: { requestId: accessRequest, approverId: approvers.denier.id, approve: false, justification: 'no', createdAt: new Date(now - 25 * MIN) } });

  await grant(owner.id, payments.groups.admin, 90, { requestId: ownerRequest });
  await grant(alice.id, payments.groups.edit, 10, { requestId: accessRequest, expiresAt: new Date(now + 3 * DAY) });
  await grant(bob.id, search.groups.view, 5, { expiresAt: new Date(now + 30 * DAY) });
  await grant(carol.id, search.groups.admin, 1);
  // Provisioning before memberships carried their request: still the owner.
  await grant(owner.id, search.groups.admin, 80);
  // Not in the report: another cluster's tenant (outside the filter), and a directory group.
  await grant(alice.id, elsewhere.groups.view, 2);
  const directory = await db.group.create({ data: { name: `dir-${tag}`, source: 'EXTERNAL' }, select: { id: true } });
  await db.membership.create({ data: { userId: alice.id, groupId: directory.id, source: 'EXTERNAL' } });

  // 55 viewers of one tenant, a minute apart, for pagination and batching.
  await db.user.createMany({ data: Array.from({ length: 55 }, (_, i) => ({ provider: 'ldap', subject: `uid=r-${tag}-bulk${i}`, username: `r-${tag}-bulk${String(i).padStart(2, '0')}`, displayName: `Bulk ${i}` })) });
  const bulkUsers = await db.user.findMany({ where: { username: { startsWith: `r-${tag}-bulk` } }, orderBy: { username: 'asc' }, select: { id: true } });
  await db.membership.createMany({ data: bulkUsers.map((u, i) => ({ userId: u.id, groupId: bulk.groups.view, source: 'INTERNAL' as const, createdAt: new Date(now - (200 + i) * MIN) })) });
});

const mine = () => ({ cluster: cluster.name });
const brief = (r: AccessRowDto) => [r.user.username.replace(`r-${tag}-`, ''), r.tenant.namespace.replace(`-${tag}`, ''), r.role];

describe('access report', () => {
  it('lists INTERNAL memberships of tenant groups, newest grant first, with where each came from', async () => {
    const report = await listAccess(admin, mine());
    expect(report.total).toBe(60);
    expect(report.rows.slice(0, 5).map(brief)).toEqual([
      ['carol', 'search', 'admin'],
      ['bob', 'search', 'view'],
      ['alice', 'payments', 'edit'],
      ['owner', 'search', 'admin'],
      ['owner', 'payments', 'admin'],
    ]);
    const [carol, bob, alice, ownerSearch, ownerPayments] = report.rows;
    expect(alice).toMatchObject({
      user: { username: users.alice!.username, displayName: 'Alice Anders' },
      cluster: cluster.name,
      tenant: { id: payments.id, namespace: payments.namespace },
      source: { kind: 'request', requestKind: 'ACCESS', requestId: accessRequest },
      approvers: [{ username: users.appr2!.username }, { username: users.appr1!.username }],
      grantedAt: new Date(now - 10 * MIN),
      expiresAt: new Date(now + 3 * DAY),
    });
    expect(ownerPayments).toMatchObject({ source: { kind: 'owner', requestId: ownerRequest }, approvers: [{ username: users.appr1!.username, displayName: 'First Approver' }], expiresAt: null });
    expect(ownerSearch!.source).toEqual({ kind: 'owner', requestId: null });
    expect(carol!.source).toEqual({ kind: 'none' });
    expect(bob!.approvers).toEqual([]);
    expect(report.clusters).toEqual(expect.arrayContaining([cluster.name, other.name]));
  });

  it('filters by user (username or display name, any case), tenant, role and expiry', async () => {
    const brieflyOf = async (filter: Parameters<typeof listAccess>[1]) => (await listAccess(admin, { ...mine(), ...filter })).rows.map(brief);
    expect(await brieflyOf({ user: 'ALICE' })).toEqual([['alice', 'payments', 'edit']]);
    expect(await brieflyOf({ user: 'olga own' })).toEqual([
      ['owner', 'search', 'admin'],
      ['owner', 'payments', 'admin'],
    ]);
    expect(await brieflyOf({ tenant: `search-${tag}` })).toEqual([
      ['carol', 'search', 'admin'],
      ['bob', 'search', 'view'],
      ['owner', 'search', 'admin'],
    ]);
    expect(await brieflyOf({ tenant: 'search', role: 'admin' })).toEqual([
      ['carol', 'search', 'admin'],
      ['owner', 'search', 'admin'],
    ]);
    expect(await brieflyOf({ expiringWithinDays: 7 })).toEqual([['alice', 'payments', 'edit']]);
    expect(await brieflyOf({ expiringWithinDays: 31 })).toEqual([
      ['bob', 'search', 'view'],
      ['alice', 'payments', 'edit'],
    ]);
    // LIKE wildcards in the search are literal characters, not patterns.
    expect(await brieflyOf({ user: '%' })).toEqual([]);
    expect(await brieflyOf({ user: `r_${tag}` })).toEqual([]);
    // The other cluster's payments tenant shows under its own cluster only.
    expect((await listAccess(admin, { cluster: other.name })).rows.map(brief)).toEqual([['alice', 'payments', 'view']]);
  });

  it('pages of 50 with the total; pages neither overlap nor skip', async () => {
    const first = await listAccess(admin, mine(), 1);
    const second = await listAccess(admin, mine(), 2);
    expect([first.rows.length, second.rows.length, first.pageCount, second.total]).toEqual([50, 10, 2, 60]);
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(60);
    expect((await listAccess(admin, mine(), 3)).rows).toEqual([]);
  });

  it('reads its filter from the query string, ignoring what does not parse', () => {
    expect(parseAccessFilter({ user: ' Alice ', cluster: 'c1', tenant: 'Pay', role: 'edit', expiring: '14', page: '2' })).toEqual({ user: 'Alice', cluster: 'c1', tenant: 'pay', role: 'edit', expiringWithinDays: 14 });
    expect(parseAccessFilter({ role: 'owner', expiring: '-3', user: '', cluster: ['a', 'b'] })).toEqual({ cluster: 'a' });
    expect(parseAccessFilter({ expiring: '2.5' })).toEqual({});
    expect(parseAccessFilter({ expiring: '99999' })).toEqual({ expiringWithinDays: 3650 });
  });

  it('export batches follow the same order as the pages, across batch boundaries', async () => {
    const paged = [...(await listAccess(admin, mine(), 1)).rows, ...(await listAccess(admin, mine(), 2)).rows].map((r) => r.id);
    const batched: string[] = [];
    for await (const batch of accessRowBatches(admin, mine(), { batchSize: 7 })) batched.push(...batch.map((r) => r.id));
    expect(batched).toEqual(paged);
    const limited: string[] = [];
    for await (const batch of accessRowBatches(admin, mine(), { batchSize: 7, limit: 10 })) limited.push(...batch.map((r) => r.id));
    expect(limited).toEqual(paged.slice(0, 10));
  });
});

async function csvText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('CSV export', () => {
  it('a UTF-8 document with a byte order mark, the header and one CRLF record per row, formulas neutralised', async () => {
    const raw = Buffer.from(await new Response(accessReportCsv(admin, mine(), { batchSize: 9 })).arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.subarray(3).toString('utf8');
    const records = text.split('\r\n');
    expect(records.pop()).toBe('');
    expect(records[0]).toBe(ACCESS_CSV_HEADER.join(','));
    // Bob's display name has a quoted comma, so count records by the username column.
    expect(records.filter((r) => r.startsWith(`r-${tag}-`)).length).toBe(60);
    expect(text).toContain(`${users.bob!.username},"'=HYPERLINK(""http://evil"",""Bob"")",${cluster.name},search-${tag},view,none,,,`);
    expect(text).toContain(`${users.carol!.username},"Carol, ""the"" Reviewer",`);
    expect(text).toContain(`${users.alice!.username},Alice Anders,${cluster.name},payments-${tag},edit,ACCESS,${accessRequest},${users.appr2!.username}; ${users.appr1!.username},${new Date(now - 10 * MIN).toISOString()},${new Date(now + 3 * DAY).toISOString()}\r\n`);
    expect(text).toContain(`${users.owner!.username},Olga Owner ${tag},${cluster.name},payments-${tag},admin,owner,${ownerRequest},${users.appr1!.username},`);
  });

  it('honours the filter and the row limit', async () => {
    const text = await csvText(accessReportCsv(admin, { ...mine(), role: 'admin' }));
    expect(text.split('\r\n').filter((r) => r.startsWith(`r-${tag}-`)).length).toBe(3);
    const limited = await csvText(accessReportCsv(admin, mine(), { limit: 5, batchSize: 2 }));
    expect(limited.split('\r\n').filter((r) => r.startsWith(`r-${tag}-`)).length).toBe(5);
  });

  it('is named for the UTC day', () => {
    expect(accessCsvFilename(new Date('2026-03-04T23:59:59Z'))).toBe('berth-access-2026-03-04.csv');
  });
});

describe('access changes', () => {
  let seqs: { change: string[]; noise: string };

  beforeAll(async () => {
    const before = await db.auditEvent.aggregate({ _max: { seq: true } });
    await db.$transaction(async (tx) => {
      // Every access-change action the catalogue declares now (access.* as they are added), and one that is not.
      for (const action of ACCESS_CHANGE_ACTIONS as AuditAction[]) {
        await appendAudit(tx, { ...SYSTEM, action, targetType: 'Tenant', targetId: payments.id, data: { requestId: accessRequest, objects: ['a', 'b', 'c', 'd'], role: 'edit', member: 'alice' } });
      }
      await appendAudit(tx, { actorId: admin.id, actor: admin.username, action: 'token.issued', targetType: 'Tenant', targetId: payments.id, data: {} });
    });
    const written = await db.auditEvent.findMany({ where: { seq: { gt: before._max.seq ?? -1n }, targetId: payments.id }, orderBy: { seq: 'asc' }, select: { seq: true, action: true } });
    seqs = { change: written.filter((w) => w.action !== 'token.issued').map((w) => w.seq.toString()), noise: written.find((w) => w.action === 'token.issued')!.seq.toString() };
  });

  it('are every access.* action of the catalogue and tenant.ready', () => {
    expect(ACCESS_CHANGE_ACTIONS).toContain('tenant.ready');
    expect([...ACCESS_CHANGE_ACTIONS].sort()).toEqual(Object.keys(AUDIT_ACTIONS).filter((a) => a.startsWith('access.') || a === 'tenant.ready').sort());
  });

  it('lists those events in the period, newest first, with target and a data summary', async () => {
    const changes = await listAccessChanges(admin, parsePeriod({}));
    // Other tests write tenant.ready too; look at this test's rows, which are the newest of their kind.
    const rows = changes.rows.filter((r) => r.target.href === `/tenants/${payments.id}`);
    expect(rows.map((r) => r.seq)).toEqual([...seqs.change].reverse());
    expect(changes.rows.map((r) => r.seq)).not.toContain(seqs.noise);
    const ready = rows.find((r) => r.action === 'tenant.ready')!;
    expect(ready).toMatchObject({ actor: 'system', words: 'Ready', target: { label: `${payments.namespace} on ${cluster.name}` }, summary: `member: alice, role: edit, objects: 4 items, requestId: ${accessRequest}` });
    expect(changes.rows.every((r) => ACCESS_CHANGE_ACTIONS.includes(r.action))).toBe(true);
  });

  it('a period without them is empty; the default is the last 7 days', async () => {
    expect((await listAccessChanges(admin, { from: '2001-01-01', to: '2001-01-07' })).total).toBe(0);
    expect(parsePeriod({}, new Date('2026-03-10T12:00:00Z'))).toEqual({ from: '2026-03-03', to: '2026-03-10' });
    expect(parsePeriod({ from: '2026-03-10', to: '2026-03-01' })).toEqual({ from: '2026-03-01', to: '2026-03-10' });
    expect(parsePeriod({ from: '2026-02-31', to: 'soon' }, new Date('2026-03-10T12:00:00Z'))).toEqual({ from: '2026-03-03', to: '2026-03-10' });
  });
});

describe('request history', () => {
  let old: { pending: string; denied: string };

  beforeAll(async () => {
    const make = (status: 'PENDING' | 'DENIED', createdAt: string) =>
      db.request.create({
        data: { kind: 'ACCESS', status, requesterId: users.carol!.id, tenantId: search.id, reason: 'old', payload: {}, approverGroups: [], createdAt: new Date(createdAt) },
        select: { id: true },
      });
    old = { pending: (await make('PENDING', '2021-05-01T10:00:00Z')).id, denied: (await make('DENIED', '2021-05-03T23:59:59Z')).id };
    await db.decision.create({ data: { requestId: old.denied, approverId: approvers.denier.id, approve: false, justification: 'not needed' } });
  });

  const ids = async (filter: Parameters<typeof searchRequestHistory>[1]) => (await searchRequestHistory(admin, filter)).rows.map((r) => r.id);

  it('every request, whatever its status, with its decisions in order', async () => {
    const history = await searchRequestHistory(admin, { tenant: `payments-${tag}` });
    expect(history.rows.map((r) => r.id)).toEqual([accessRequest, ownerRequest]);
    expect(history.rows[0]).toMatchObject({
      kind: 'ACCESS',
      status: 'COMPLETED',
      requester: { username: users.alice!.username, displayName: 'Alice Anders' },
      tenant: { id: payments.id, namespace: payments.namespace, cluster: cluster.name },
      decisions: [
        { approver: users.appr2!.username, approve: true, justification: 'yes' },
        { approver: users.denier!.username, approve: false, justification: 'no' },
        { approver: users.appr1!.username, approve: true, justification: 'yes' },
      ],
    });
  });

  it('searches by requester, tenant, kind, status and days', async () => {
    expect(await ids({ requester: `olga OWNER ${tag}` })).toEqual([ownerRequest]);
    expect(await ids({ requester: users.carol!.username })).toEqual([old.denied, old.pending]);
    expect(await ids({ requester: users.carol!.username, status: 'DENIED' })).toEqual([old.denied]);
    expect(await ids({ tenant: `payments-${tag}`, kind: 'NEW_TENANT' })).toEqual([ownerRequest]);
    expect(await ids({ requester: users.carol!.username, from: '2021-05-02', to: '2021-05-03' })).toEqual([old.denied]);
    expect(await ids({ requester: users.carol!.username, to: '2021-05-02' })).toEqual([old.pending]);
    expect(await ids({ requester: users.carol!.username, from: '2021-05-04' })).toEqual([]);
  });

  it('pages with a total', async () => {
    const h = await searchRequestHistory(admin, { requester: `r-${tag}-` }, 1);
    expect([h.total, h.rows.length, h.pageCount]).toEqual([4, 4, 1]);
  });

  it('reads its filter from the query string', () => {
    expect(parseRequestHistoryFilter({ requester: 'x', tenant: 'Pay', kind: 'ACCESS', status: 'DENIED', from: '2021-05-01', to: '2021-13-01' })).toEqual({ requester: 'x', tenant: 'pay', kind: 'ACCESS', status: 'DENIED', from: '2021-05-01' });
    expect(parseRequestHistoryFilter({ kind: 'nope', status: 'done' })).toEqual({});
  });
});

describe('refusals', () => {
  it('non-admins are refused by every query module, and by the export before any byte is written', async () => {
    expect((await refusal(listAccess(outsider, {}))).code).toBe('FORBIDDEN');
    expect((await refusal(listAccessChanges(outsider, parsePeriod({})))).code).toBe('FORBIDDEN');
    expect((await refusal(searchRequestHistory(outsider, {}))).code).toBe('FORBIDDEN');
    expect((await refusal(accessRowBatches(outsider, {}).next())).code).toBe('FORBIDDEN');
    expect(() => accessReportCsv(outsider, {})).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});

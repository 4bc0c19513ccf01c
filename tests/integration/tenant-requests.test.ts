// New Namespace, Open Approvals and decisions against the real database: every refusal writes
// nothing, a submit writes its rows in one transaction, and a request is decided exactly once.
import { beforeAll, describe, expect, it } from 'vitest';
import { countOpenApprovals, listOpenApprovals } from '@/lib/db/approvals';
import { db } from '@/lib/db/client';
import { getRequestDetail } from '@/lib/db/request-detail';
import type { Actor } from '@/lib/domain/actor';
import { cancelRequest } from '@/lib/services/cancel-request';
import { decideRequest } from '@/lib/services/decide-request';
import { expireRequests } from '@/lib/services/expire-requests';
import { requestTenant } from '@/lib/services/request-tenant';
import { makeActor, makeMember } from '../support/actors';
import { uniqueName } from '../support/kube';
import { refusal, registerTestCluster, rowCounts, teamForm } from '../support/tenants';

let cluster: { id: string; name: string };
let requester: Actor;
let approver: Actor;
let outsider: Actor;

beforeAll(async () => {
  cluster = await registerTestCluster({ namespaces: ['default', 'kube-system', 'legacy-app'] });
  requester = await makeMember(['developers', 'team-a-devs']);
  approver = await makeMember(['berth-platform-admins']);
  outsider = await makeMember(['qa']);
});

describe('New Namespace: bad input gets a field error and writes nothing', () => {
  const cases: Array<[string, () => Record<string, unknown>, string, RegExp]> = [
    ['empty form', () => ({}), 'name', /Enter a name/],
    ['uppercase name', () => teamForm(cluster.id, 'Team-A'), 'name', /lowercase/],
    ['reserved kube- prefix', () => teamForm(cluster.id, 'kube-stuff'), 'name', /reserved/],
    ['reserved default', () => teamForm(cluster.id, 'default'), 'name', /reserved/],
    ['berth- prefix', () => teamForm(cluster.id, 'berth-x'), 'name', /reserved/],
    ['too long', () => teamForm(cluster.id, 'a'.repeat(64)), 'name', /at most 63/],
    ['underscore', () => teamForm(cluster.id, 'team_a'), 'name', /"_" is not allowed/],
    ['unknown template', () => teamForm(cluster.id, 'ok-name', { template: 'nope' }), 'template', /Choose a tenant type/],
    ['preset the template lacks', () => teamForm(cluster.id, 'ok-name', { preset: 'huge' }), 'preset', /offers small, medium or large/],
    ['group the requester is not in', () => teamForm(cluster.id, 'ok-name', { adminGroups: ['berth-platform-admins'] }), 'adminGroups', /not one of yours/],
    ['no reason', () => teamForm(cluster.id, 'ok-name', { reason: '  ' }), 'reason', /Give a reason/],
    ['reason over 2,000 characters', () => teamForm(cluster.id, 'ok-name', { reason: 'x'.repeat(2001) }), 'reason', /2,000/],
    ['unknown cluster', () => teamForm('00000000-0000-0000-0000-000000000001', 'ok-name'), 'clusterId', /Choose a cluster/],
    ['namespace already on the cluster', () => teamForm(cluster.id, 'legacy-app'), 'name', /already exists on cluster/],
  ];
  it.each(cases)('%s', async (_label, form, field, message) => {
    const before = await rowCounts();
    const e = await refusal(requestTenant(requester, form()));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.fieldErrors?.[field]).toMatch(message);
    expect(await rowCounts()).toEqual(before);
  });

  it('reports every failing field at once', async () => {
    const e = await refusal(requestTenant(requester, { clusterId: 'x', name: 'Bad', template: '', reason: '' }));
    expect(Object.keys(e.fieldErrors ?? {}).sort()).toEqual(['clusterId', 'name', 'reason', 'template']);
  });
});

describe('submit, inbox and decisions', () => {
  it('one transaction: tenant PENDING_APPROVAL, request PENDING with its policy, audit row, approver mail and its job', async () => {
    const name = uniqueName('pay');
    const before = await rowCounts();
    const { requestId, tenantId, autoApproved } = await requestTenant(requester, teamForm(cluster.id, name, { adminGroups: ['team-a-devs'] }));
    expect(autoApproved).toBe(false);
    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant).toMatchObject({ phase: 'PENDING_APPROVAL', namespace: name, template: 'team', preset: 'small', adminGroups: ['team-a-devs'], activeKey: `${cluster.id}/${name}` });
    const request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
    expect(request).toMatchObject({ kind: 'NEW_TENANT', status: 'PENDING', tenantId, approverGroups: ['berth-platform-admins'] });
    expect(request.policy).toMatchObject({ approvals: 1, allowSelfApproval: false, autoApprove: false });
    expect(request.expiresAt!.getTime() - request.createdAt.getTime()).toBe(168 * 3_600_000);
    const mail = await db.mailMessage.findFirstOrThrow({ where: { to: { has: approver.email! } }, orderBy: { createdAt: 'desc' } });
    expect(mail.subject).toBe(`Approval needed: create ${name} on ${cluster.name}`);
    expect(mail.text).toContain(`/approvals/${requestId}`);
    expect(await rowCounts()).toMatchObject({ tenants: before.tenants + 1, requests: before.requests + 1, audit: before.audit + 1, mails: before.mails + 1, jobs: before.jobs + 1 });
    // The rendered objects the approver reviews: a RoleBinding for the granted directory group too.
    const detail = await getRequestDetail(approver, requestId);
    expect(detail?.manifestYaml).toContain('kind: ResourceQuota');
    // Read back from JSONB, the keys are put back in kubectl's familiar order.
    expect(detail?.manifestYaml.startsWith('apiVersion: v1\nkind: Namespace\nmetadata:\n')).toBe(true);
    expect(detail?.objects.filter((o) => o.kind === 'RoleBinding').length).toBe(4);
    expect(detail?.requester.groups).toEqual(['developers', 'team-a-devs']);
    expect(detail?.right).toEqual({ allowed: true });
  });

  it('a taken name is refused on the same cluster, before and after the race', async () => {
    const name = uniqueName('dup');
    await requestTenant(requester, teamForm(cluster.id, name));
    const before = await rowCounts();
    const e = await refusal(requestTenant(outsider, teamForm(cluster.id, name)));
    expect(e.fieldErrors?.name).toMatch(/already taken on cluster/);
    // Concurrent submits of one new name: the unique key lets exactly one through.
    const raced = uniqueName('race');
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => requestTenant(requester, teamForm(cluster.id, raced))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { fieldErrors?: Record<string, string> }).fieldErrors?.name).toMatch(/already taken/);
    expect((await rowCounts()).tenants).toBe(before.tenants + 1);
  });

  it('Open Approvals lists what the approver may decide, never the requester’s own', async () => {
    const { requestId } = await requestTenant(requester, teamForm(cluster.id, uniqueName('inbox')));
    expect((await listOpenApprovals(approver)).map((a) => a.id)).toContain(requestId);
    expect(await countOpenApprovals(approver)).toBe((await listOpenApprovals(approver)).length);
    expect((await listOpenApprovals(requester)).map((a) => a.id)).not.toContain(requestId);
    expect(await listOpenApprovals(outsider)).toEqual([]);
    // Not involved: the request page is a 404 for an outsider.
    expect(await getRequestDetail(outsider, requestId)).toBeNull();
  });

  it('self-approval is refused where the policy forbids it, also by a direct call; nothing is written', async () => {
    const both = await makeMember(['berth-platform-admins', 'developers']);
    const { requestId } = await requestTenant(both, teamForm(cluster.id, uniqueName('self')));
    expect((await listOpenApprovals(both)).map((a) => a.id)).not.toContain(requestId);
    const before = await rowCounts();
    const e = await refusal(decideRequest(both, { requestId, decision: 'approve', justification: 'looks fine' }));
    expect(e).toMatchObject({ code: 'FORBIDDEN', userMessage: 'You cannot decide your own request; another approver must.' });
    expect(await rowCounts()).toEqual(before);
    expect((await db.request.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('PENDING');
  });

  it('someone who is not an approver cannot decide by a direct call (IDOR), and is not told the request exists', async () => {
    const { requestId } = await requestTenant(requester, teamForm(cluster.id, uniqueName('idor')));
    const before = await rowCounts();
    for (const who of [outsider, await makeActor({ admin: false })]) {
      const e = await refusal(decideRequest(who, { requestId, decision: 'approve', justification: 'me too' }));
      expect(e).toMatchObject({ code: 'NOT_FOUND', userMessage: 'This request does not exist.' });
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('a justification is required; a bad request id is a field error', async () => {
    const { requestId } = await requestTenant(requester, teamForm(cluster.id, uniqueName('just')));
    const before = await rowCounts();
    expect((await refusal(decideRequest(approver, { requestId, decision: 'approve', justification: ' ' }))).fieldErrors).toEqual({ justification: 'Write a justification.' });
    expect((await refusal(decideRequest(approver, { requestId, decision: 'maybe', justification: 'x' }))).fieldErrors).toEqual({ decision: 'Choose Approve or Deny.' });
    expect((await refusal(decideRequest(approver, { requestId, decision: 'approve', justification: 'x'.repeat(2001) }))).fieldErrors?.justification).toMatch(/2,000/);
    expect((await refusal(decideRequest(approver, { requestId: 'not-a-uuid', decision: 'approve', justification: 'x' }))).code).toBe('INVALID_INPUT');
    expect(await rowCounts()).toEqual(before);
  });

  it('50 concurrent approvals of one request: exactly one decision, one provisioning job, one audit row', async () => {
    const { requestId, tenantId } = await requestTenant(requester, teamForm(cluster.id, uniqueName('race')));
    const approvers = await Promise.all(Array.from({ length: 25 }, () => makeMember(['berth-platform-admins'])));
    // 25 approvers, each clicking twice at once.
    const calls = [...approvers, ...approvers].map((a) => decideRequest(a, { requestId, decision: 'approve', justification: `ok from ${a.username}` }));
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('CONFLICT');
    expect(await db.decision.count({ where: { requestId } })).toBe(1);
    expect(await db.job.count({ where: { kind: 'tenant.provision', payload: { equals: { tenantId, requestId } } } })).toBe(1);
    expect(await db.auditEvent.count({ where: { targetId: requestId, action: 'request.approved' } })).toBe(1);
    expect(await db.auditEvent.count({ where: { targetId: tenantId, action: 'tenant.provisioning' } })).toBe(1);
    expect(await db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'APPROVED' });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ phase: 'PROVISIONING' });
  });

  it('deny: request DENIED, tenant DELETED with its name freed, requester mailed the justification; never decided twice', async () => {
    const name = uniqueName('deny');
    const { requestId, tenantId } = await requestTenant(requester, teamForm(cluster.id, name));
    expect(await decideRequest(approver, { requestId, decision: 'deny', justification: 'Use the shared payments namespace.' })).toEqual({ status: 'DENIED' });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ phase: 'DELETED', activeKey: null, statusMessage: 'Never created: the request was denied.' });
    const mail = await db.mailMessage.findFirstOrThrow({ where: { to: { has: requester.email! }, subject: { startsWith: 'Denied:' } }, orderBy: { createdAt: 'desc' } });
    expect(mail.text).toContain('Use the shared payments namespace.');
    const other = await makeMember(['berth-platform-admins']);
    const before = await rowCounts();
    const again = await refusal(decideRequest(other, { requestId, decision: 'approve', justification: 'overrule' }));
    expect(again).toMatchObject({ code: 'CONFLICT', userMessage: 'This request is no longer pending (it was denied).' });
    expect(await rowCounts()).toEqual(before);
    // The name is free again.
    await expect(requestTenant(requester, teamForm(cluster.id, name))).resolves.toMatchObject({ autoApproved: false });
  });

  it('cancel: only the requester, only while pending; the name is freed and approvers no longer see it', async () => {
    const name = uniqueName('cancel');
    const { requestId, tenantId } = await requestTenant(requester, teamForm(cluster.id, name));
    const before = await rowCounts();
    // The approver sees the request, so hears why; a made-up id does not exist.
    expect(await refusal(cancelRequest(approver, requestId))).toMatchObject({ code: 'FORBIDDEN', userMessage: 'Only the person who made this request can cancel it.' });
    expect((await refusal(cancelRequest(requester, 'not-a-uuid'))).code).toBe('NOT_FOUND');
    expect(await rowCounts()).toEqual(before);
    expect((await getRequestDetail(requester, requestId))?.canCancel).toBe(true);
    await cancelRequest(requester, requestId);
    expect(await db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'CANCELLED' });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ phase: 'DELETED', activeKey: null, statusMessage: 'Never created: the request was cancelled.' });
    expect((await listOpenApprovals(approver)).map((a) => a.id)).not.toContain(requestId);
    expect(await refusal(cancelRequest(requester, requestId))).toMatchObject({ code: 'CONFLICT', userMessage: 'This request is no longer pending (it was cancelled).' });
    expect(await refusal(decideRequest(approver, { requestId, decision: 'approve', justification: 'too late' }))).toMatchObject({ code: 'CONFLICT' });
    await expect(requestTenant(requester, teamForm(cluster.id, name))).resolves.toMatchObject({ autoApproved: false });
  });

  it('expiry: the sweeper expires overdue requests, frees the name and mails the requester; an expired request cannot be decided', async () => {
    const { requestId, tenantId } = await requestTenant(requester, teamForm(cluster.id, uniqueName('late')));
    const fresh = await requestTenant(requester, teamForm(cluster.id, uniqueName('fresh')));
    await db.request.update({ where: { id: requestId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // Past expiry but not yet swept: already refused.
    expect(await refusal(decideRequest(approver, { requestId, decision: 'approve', justification: 'late' }))).toMatchObject({ code: 'CONFLICT', userMessage: 'This request is no longer pending (it expired).' });
    expect((await listOpenApprovals(approver)).map((a) => a.id)).not.toContain(requestId);
    expect(await expireRequests()).toBeGreaterThanOrEqual(1);
    expect(await db.request.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: 'EXPIRED' });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).toMatchObject({ phase: 'DELETED', activeKey: null });
    expect(await db.request.findUniqueOrThrow({ where: { id: fresh.requestId } })).toMatchObject({ status: 'PENDING' });
    expect(await db.mailMessage.count({ where: { to: { has: requester.email! }, subject: { startsWith: 'Expired:' } } })).toBeGreaterThanOrEqual(1);
    expect(await db.auditEvent.count({ where: { targetId: requestId, action: 'request.expired' } })).toBe(1);
    // A second sweep finds nothing more to do for it.
    await expireRequests();
    expect(await db.auditEvent.count({ where: { targetId: requestId, action: 'request.expired' } })).toBe(1);
  });
});

import 'server-only';
import { randomUUID } from 'node:crypto';
import { appendAudit, auditBy, SYSTEM } from '@/lib/db/audit';
import { db } from '@/lib/db/client';
import { enqueue } from '@/lib/db/outbox';
import { newRequestFields } from '@/lib/domain/approval-policy';
import { invalidInput } from '@/lib/domain/errors';
import { parseNewTenantForm } from '@/lib/domain/new-tenant-form';
import type { Actor } from '@/lib/domain/actor';
import { jobs } from '@/lib/domain/jobs';
import { requirePermission } from '@/lib/domain/permissions';
import { internalGroupNames } from '@/lib/templates/internal-groups';
import { renderTemplate } from '@/lib/templates/render-template';
import { templateSource } from '@/lib/templates/template-source';
import { notifyApprovers } from './notify-approvers';

export type RequestTenantResult = { requestId: string; tenantId: string; autoApproved: boolean };

/**
 * New Namespace. Checks every field (nothing is stored on any error), renders the template now
 * so the approver reviews exactly the objects the worker will apply, then writes the Tenant,
 * its Request, the audit row and the approvers' mail in one transaction. An auto-approved
 * template goes straight to provisioning in that same transaction.
 */
export async function requestTenant(actor: Actor, input: unknown): Promise<RequestTenantResult> {
  requirePermission(actor, 'tenant:request');
  const form = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const [loaded, clusters, external] = await Promise.all([
    typeof form.template === 'string' && form.template ? templateSource().get(form.template.trim()) : null,
    // Tenants go on host clusters; a virtual cluster is a tenant itself.
    db.cluster.findMany({ where: { kind: 'HOST' }, select: { id: true, name: true, namespaces: true } }),
    db.membership.findMany({ where: { userId: actor.id, source: 'EXTERNAL' }, select: { group: { select: { name: true } } } }),
  ]);
  const spec = loaded?.template.spec;
  const parsed = parseNewTenantForm(input, {
    requesterGroups: external.map((m) => m.group.name),
    template: spec ? { namePrefix: spec.namePrefix, presets: Object.keys(spec.presets) } : null,
    clusterIds: clusters.map((c) => c.id),
  });
  if (!parsed.ok) throw invalidInput(parsed.fieldErrors);
  const f = parsed.value;
  const cluster = clusters.find((c) => c.id === f.clusterId)!;
  await refuseTakenName(cluster, f.namespace);

  const tenantId = randomUUID();
  const createdAt = new Date();
  const rendered = renderTemplate(loaded!, {
    tenantId,
    cluster: cluster.name,
    name: f.name,
    preset: f.preset,
    parameters: {},
    requester: { username: actor.username },
    adminGroups: [...f.adminGroups].sort(),
    viewGroups: [...f.viewGroups].sort(),
    createdAt: createdAt.toISOString(),
  });
  const policy = spec!.approval;
  const auto = policy.autoApprove;
  const summary = { cluster: cluster.name, namespace: f.namespace, template: loaded!.name, templateVersion: loaded!.version, preset: f.preset };

  try {
    return await db.$transaction(async (tx) => {
      await tx.tenant.create({
        data: {
          id: tenantId,
          clusterId: cluster.id,
          name: f.name,
          namespace: f.namespace,
          type: spec!.tenantType,
          template: loaded!.name,
          templateVersion: loaded!.version,
          preset: f.preset,
          adminGroups: [...f.adminGroups].sort(),
          viewGroups: [...f.viewGroups].sort(),
          manifest: rendered as object,
          phase: auto ? 'PROVISIONING' : 'PENDING_APPROVAL',
          activeKey: `${cluster.id}/${f.namespace}`,
          ownerId: actor.id,
          createdAt,
        },
      });
      const request = await tx.request.create({
        data: {
          kind: 'NEW_TENANT',
          ...newRequestFields(policy, createdAt),
          requesterId: actor.id,
          reason: f.reason,
          payload: summary,
          tenantId,
          createdAt,
        },
        select: { id: true, expiresAt: true },
      });
      const audit = { targetType: 'Tenant', targetId: tenantId } as const;
      await appendAudit(tx, { ...audit, ...auditBy(actor), action: 'tenant.requested', data: { ...summary, requestId: request.id, adminGroups: f.adminGroups, viewGroups: f.viewGroups, reason: f.reason } });
      if (auto) {
        await appendAudit(tx, { ...audit, ...SYSTEM, action: 'request.auto-approved', data: { requestId: request.id, template: loaded!.name } });
        await appendAudit(tx, { ...audit, ...SYSTEM, action: 'tenant.provisioning', data: { requestId: request.id, from: 'PENDING_APPROVAL' } });
        await enqueue(tx, jobs.provisionTenant({ tenantId, requestId: request.id }));
      } else {
        await notifyApprovers(tx, actor, { requestId: request.id, kind: 'NEW_TENANT', reason: f.reason, expiresAt: request.expiresAt, approverGroups: policy.approverGroups }, summary);
      }
      return { requestId: request.id, tenantId, autoApproved: auto };
    });
  } catch (e) {
    // Two requests for the same name at once: the unique key lets one through.
    if (isUniqueViolation(e)) throw invalidInput({ name: takenMessage(f.namespace, cluster.name) });
    throw e;
  }
}

async function refuseTakenName(cluster: { id: string; name: string; namespaces: string[] }, namespace: string): Promise<void> {
  if (cluster.namespaces.includes(namespace)) {
    throw invalidInput({ name: `A namespace named ${namespace} already exists on cluster ${cluster.name}; choose another name.` });
  }
  const taken = await db.tenant.findUnique({ where: { activeKey: `${cluster.id}/${namespace}` }, select: { id: true } });
  if (taken) throw invalidInput({ name: takenMessage(namespace, cluster.name) });
  // Internal group names can coincide across clusters (see internal-groups.ts); refuse the
  // name rather than let two tenants share a group.
  const groups = Object.values(internalGroupNames(cluster.name, namespace));
  const clash = await db.group.findFirst({ where: { name: { in: groups } }, select: { name: true } });
  if (clash) throw invalidInput({ name: `The name ${namespace} would reuse Berth's group ${clash.name}, which belongs to another tenant; choose another name.` });
}

function takenMessage(namespace: string, cluster: string): string {
  return `${namespace} is already taken on cluster ${cluster}; choose another name.`;
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === 'P2002';
}

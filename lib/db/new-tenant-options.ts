import 'server-only';
import { requirePermission } from '@/lib/domain/permissions';
import type { Actor } from '@/lib/domain/actor';
import { maxNameLength } from '@/lib/domain/tenant-name';
import { templateSource } from '@/lib/templates/template-source';
import { db } from './client';

export type NewTenantOptionsDto = {
  clusters: { id: string; name: string; displayName: string; health: string }[];
  templates: {
    name: string;
    displayName: string;
    description: string;
    tenantType: string;
    namePrefix: string;
    maxNameLength: number;
    presets: { name: string; description: string | null }[];
    autoApprove: boolean;
    approverGroups: string[];
  }[];
  /** The requester's directory groups: the only ones they may grant a role to. */
  groups: string[];
};

/** What the New Namespace form offers this actor. */
export async function getNewTenantOptions(actor: Actor): Promise<NewTenantOptionsDto> {
  requirePermission(actor, 'tenant:request');
  const [clusters, templates, memberships] = await Promise.all([
    db.cluster.findMany({ where: { kind: 'HOST' }, orderBy: { name: 'asc' }, select: { id: true, name: true, displayName: true, health: true } }),
    templateSource().list(),
    db.membership.findMany({ where: { userId: actor.id, source: 'EXTERNAL' }, select: { group: { select: { name: true } } } }),
  ]);
  return {
    clusters,
    templates: templates.map(({ name, template: { spec } }) => ({
      name,
      displayName: spec.displayName,
      description: spec.description,
      tenantType: spec.tenantType,
      namePrefix: spec.namePrefix,
      maxNameLength: maxNameLength(spec.namePrefix),
      presets: Object.entries(spec.presets).map(([preset, p]) => ({ name: preset, description: p.description ?? null })),
      autoApprove: spec.approval.autoApprove,
      approverGroups: spec.approval.approverGroups,
    })),
    groups: memberships.map((m) => m.group.name).sort(),
  };
}

// The RoleBindings that hand out a tenant's roles. They are generated here rather than written
// in each template, so every template binds the same way and a template cannot forget one:
// - one per role (admin, edit, view) for Berth's internal group, whose membership Berth
//   manages (access requests, the requester as first admin);
// - one per EXTERNAL group the requester picked for admin or view, bound directly so the
//   directory decides its members.
// The ClusterRole each role binds comes from the template's spec.roles (admin/edit/view only).
// Subjects name groups as the API server sees them in Berth's tokens, `berth:<group>`
// (kubeGroup), for internal and directory groups alike: clusters trust Berth's issuer with a
// claim mapping that prefixes every group, so an unprefixed subject would match nobody.
// https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding
import { createHash } from 'node:crypto';
import { kubeGroup } from '@/lib/domain/issuer';
import type { InternalGroups } from './internal-groups';
import type { RoleName } from './schema';
import type { ManifestObject } from './types';

const RBAC = 'rbac.authorization.k8s.io';
export const ROLE_LABEL = 'berth.dev/role';

export type BindingInput = {
  namespace: string;
  roles: Record<RoleName, string>;
  groups: InternalGroups;
  /** Sorted, without duplicates. */
  adminGroups: readonly string[];
  viewGroups: readonly string[];
};

export function buildRoleBindings(b: BindingInput): ManifestObject[] {
  const internal = ([['admin', b.groups.admins], ['edit', b.groups.editors], ['view', b.groups.viewers]] as const).map(([role, group]) =>
    binding(b, role, `berth-${role}`, group),
  );
  const external = [
    ...b.adminGroups.map((g) => binding(b, 'admin', externalBindingName('admin', g), g)),
    ...b.viewGroups.map((g) => binding(b, 'view', externalBindingName('view', g), g)),
  ];
  return [...internal, ...external];
}

/**
 * `berth-admin-group-payments-team-1a2b3c4d5e`: readable, and unique per exact group name
 * (directory names may hold spaces, capitals, commas that an object name cannot). Made from
 * the group's own name, not the subject's `berth:` form, so bindings of tenants rendered
 * before the prefix keep their names and are updated in place.
 */
export function externalBindingName(role: RoleName, group: string): string {
  const slug = group.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  const hash = createHash('sha256').update(group, 'utf8').digest('hex').slice(0, 10);
  return `berth-${role}-group-${slug ? `${slug}-` : ''}${hash}`;
}

function binding(b: BindingInput, role: RoleName, name: string, group: string): ManifestObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name, namespace: b.namespace, labels: { [ROLE_LABEL]: role } },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: b.roles[role] },
    subjects: [groupSubject(group)],
  };
}

/** A RoleBinding subject for one of Berth's groups, as tokens from Berth's issuer present it. */
export function groupSubject(group: string): { apiGroup: typeof RBAC; kind: 'Group'; name: string } {
  return { apiGroup: RBAC, kind: 'Group', name: kubeGroup(group) };
}

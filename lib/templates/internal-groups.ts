// Names of the groups Berth owns for a tenant. RoleBindings on the cluster name these groups
// and tokens Berth issues carry them, so a membership change in Berth takes effect at the next
// token without touching the cluster.
//
// Length: "berth-" (6) + cluster (≤ 30, the cluster form's limit) + "-" + tenant (≤ 63, a
// namespace name) + "-editors" (8) = at most 108 characters. Kubernetes puts no limit on group
// names in subjects or tokens; a directory that mirrors them may (Active Directory's cn and
// sAMAccountName are 64 and 256), which is why Berth keeps these groups in its own database.
//
// Ambiguity: both parts may contain "-", so cluster "a-b" + tenant "c" and cluster "a" +
// tenant "b-c" give the same names. Whatever issues tokens must therefore only put a cluster's
// own internal groups (by Group row, not by name) into that cluster's tokens.

import { DNS1123_LABEL } from '@/lib/domain/cluster';

export type InternalGroups = { admins: string; editors: string; viewers: string };

/** `tenant` is the tenant's namespace name (prefix included), which is unique on its cluster. */
export function internalGroupNames(cluster: string, tenant: string): InternalGroups {
  for (const [what, v] of [['cluster', cluster], ['tenant', tenant]] as const) {
    if (v.length > 63 || !DNS1123_LABEL.test(v)) throw new Error(`internal group names need a DNS-1123 label as ${what}, got "${v}"`);
  }
  const base = `berth-${cluster}-${tenant}`;
  return { admins: `${base}-admins`, editors: `${base}-editors`, viewers: `${base}-viewers` };
}

// How Berth names a tenant's virtual cluster. The vcluster template renders the same names
// (templates/vcluster.yaml): the Cluster API objects are named after the host namespace, the
// provider writes `<namespace>-kubeconfig`, and Berth registers the vcluster as its own cluster
// `<host cluster>-<namespace>`, whose token audience its API server trusts.
import { clusterClientId, kubeGroup } from './issuer';

export const vclusterClusterName = (hostCluster: string, namespace: string) => `${hostCluster}-${namespace}`;
export const vclusterKubeconfigSecret = (namespace: string) => `${namespace}-kubeconfig`;
export const vclusterAudience = (hostCluster: string, namespace: string) => clusterClientId(vclusterClusterName(hostCluster, namespace));

/** Inside the vcluster, Berth's groups get the whole cluster: admins cluster-admin, editors edit, viewers view. */
export function vclusterBindings(groups: { admins: string; editors: string; viewers: string }) {
  const rbac = 'rbac.authorization.k8s.io';
  const binding = (name: string, role: string, group: string) => ({
    apiVersion: `${rbac}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: rbac, kind: 'Group', name: kubeGroup(group) }],
  });
  return [binding('berth-admins', 'cluster-admin', groups.admins), binding('berth-editors', 'edit', groups.editors), binding('berth-viewers', 'view', groups.viewers)];
}

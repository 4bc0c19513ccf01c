// `npm run demo -- --kube`: registers the local control plane as cluster "demo" through the
// same service the Clusters page uses (validation, sealed credentials, audit, check job).
import { readFileSync } from 'node:fs';
import { db } from '@/lib/db/client';
import { SYSTEM_ACTOR } from '@/lib/domain/actor';
import { saveCluster } from '@/lib/services/save-cluster';

const kubeconfigFile = process.argv[2];
if (!kubeconfigFile) throw new Error('usage: register-cluster.ts <kubeconfig>');

const existing = await db.cluster.findUnique({ where: { name: 'demo' }, select: { id: true } });
await saveCluster(
  SYSTEM_ACTOR,
  {
    name: 'demo',
    displayName: 'Local demo cluster',
    labels: 'env=demo',
    authMode: 'KUBECONFIG',
    credentials: readFileSync(kubeconfigFile, 'utf8'),
    dashboardUrlTemplate: '',
  },
  existing?.id,
);
console.log(`berth demo: cluster "demo" ${existing ? 'updated' : 'registered'}`);
await db.$disconnect();

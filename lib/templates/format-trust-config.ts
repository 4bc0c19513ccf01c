// The API server trust snippet as the file an admin saves on the control plane. YAML 1.1 and
// no folding, as in format-manifests.ts: kube-apiserver reads it with sigs.k8s.io/yaml, and the
// CA stays one literal block that copies cleanly.
import { Document } from 'yaml';
import { TRUST_CONFIG_PATH, type TrustConfig } from '@/lib/domain/cluster-trust';

export function formatTrustConfig(config: TrustConfig): string {
  const doc = new Document(config, { version: '1.1' });
  doc.commentBefore = ` Save as ${TRUST_CONFIG_PATH} on every control-plane node; kube-apiserver --authentication-config=${TRUST_CONFIG_PATH}`;
  return doc.toString({ lineWidth: 0 });
}

import { CopyBlock } from '@/components/tokens/copy-block';
import { Section } from '@/components/ui/section';

/**
 * What a platform admin gives the cluster's API server so that the kubeconfigs and CLI logins
 * Berth hands out work there: the authentication config file and the flag that reads it.
 */
export function TrustSnippet({ yaml, flag, caProblem }: { yaml: string; flag: string; caProblem?: string }) {
  return (
    <Section id="trust" title="Trust Berth's sign-on">
      <p className="text-sm text-slate-700">
        For people to reach this cluster with the tokens Berth issues, its API server must trust Berth. Save this file on every control-plane node and start{' '}
        <code className="font-mono text-xs">kube-apiserver</code> with the flag below (Kubernetes 1.34 or newer; 1.30 to 1.33 take the same file with{' '}
        <code className="font-mono text-xs">apiserver.config.k8s.io/v1beta1</code>). The API server reloads the file when it changes.
      </p>
      {caProblem ? (
        <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="trust-ca-problem">
          {caProblem} The file below has no certificateAuthority, so the API server will use its system roots.
        </p>
      ) : null}
      <div className="mt-4">
        <CopyBlock text={yaml} testId="trust-config" />
      </div>
      <div className="mt-3">
        <CopyBlock text={flag} testId="trust-flag" />
      </div>
      <p className="mt-3 text-sm text-slate-700">
        The API server sees every Berth user and group with the prefix <code className="font-mono text-xs">berth:</code>, so RoleBindings name groups as{' '}
        <code className="font-mono text-xs">berth:&lt;group&gt;</code> (Berth&apos;s own bindings already do), and no token can claim a{' '}
        <code className="font-mono text-xs">system:</code> group.
      </p>
    </Section>
  );
}

// The kubeconfig Berth hands a person for one tenant: the cluster's API server and CA, the
// tenant's namespace as the default context, and a credential that Berth's issuer signs.
// https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
// https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins
import { clusterClientId, ISSUER_SCOPES } from './issuer';

export type KubeconfigTarget = {
  cluster: { name: string; server: string; caPem: string | null };
  namespace: string;
  username: string;
};

/** A token pasted in (quick use; it expires), or plugins that fetch fresh tokens themselves. */
export type KubeconfigCredential = { kind: 'token'; token: string } | { kind: 'exec'; berthUrl: string; issuerUrl: string };

const EXEC_API = 'client.authentication.k8s.io/v1';

export function kubeconfigNames(t: KubeconfigTarget) {
  const user = `${t.username}@${t.cluster.name}`;
  return { cluster: t.cluster.name, user, context: `${t.namespace}@${t.cluster.name}`, oidcLoginUser: `${user}-oidc-login`, oidcLoginContext: `${t.namespace}@${t.cluster.name}-oidc-login` };
}

export function userKubeconfig(t: KubeconfigTarget, credential: KubeconfigCredential): Record<string, unknown> {
  const n = kubeconfigNames(t);
  const cluster = {
    name: n.cluster,
    cluster: { server: t.cluster.server, ...(t.cluster.caPem ? { 'certificate-authority-data': Buffer.from(`${t.cluster.caPem.trim()}\n`).toString('base64') } : {}) },
  };
  const context = (name: string, user: string) => ({ name, context: { cluster: n.cluster, user, namespace: t.namespace } });
  if (credential.kind === 'token') {
    return { apiVersion: 'v1', kind: 'Config', clusters: [cluster], users: [{ name: n.user, user: { token: credential.token } }], contexts: [context(n.context, n.user)], 'current-context': n.context };
  }
  const berthToken = {
    name: n.user,
    user: {
      exec: {
        apiVersion: EXEC_API,
        command: 'berth',
        args: ['token', '--server', credential.berthUrl, '--cluster', t.cluster.name],
        interactiveMode: 'Never',
        provideClusterInfo: false,
        installHint: `Install the berth command and sign in: berth login ${credential.berthUrl}`,
      },
    },
  };
  // The same cluster through kubelogin, for people who use it: a public client with PKCE.
  const oidcLogin = {
    name: n.oidcLoginUser,
    user: {
      exec: {
        apiVersion: EXEC_API,
        command: 'kubectl',
        args: ['oidc-login', 'get-token', `--oidc-issuer-url=${credential.issuerUrl}`, `--oidc-client-id=${clusterClientId(t.cluster.name)}`, ...ISSUER_SCOPES.split(' ').filter((s) => s !== 'openid').map((s) => `--oidc-extra-scope=${s}`)],
        interactiveMode: 'IfAvailable',
        provideClusterInfo: false,
      },
    },
  };
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster],
    users: [berthToken, oidcLogin],
    contexts: [context(n.context, n.user), context(n.oidcLoginContext, n.oidcLoginUser)],
    'current-context': n.context,
  };
}

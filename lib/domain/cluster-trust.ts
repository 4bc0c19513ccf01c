// What a cluster's API server needs to trust Berth's sign-on: a structured authentication
// configuration with one JWT authenticator for Berth's issuer. Pure; the YAML is formatted
// where it is shown (lib/templates/format-trust-config.ts), and the test control plane writes
// the same shape (scripts/kube-testenv/launch.sh).
//
// The claim mappings put KUBE_IDENTITY_PREFIX before every username and group, so no token can
// ever name a `system:` user or group (say `system:masters`), whatever the directory holds; the
// userValidationRules refuse one anyway, should someone edit the prefix away on the cluster.
// Fields: k8s.io/apiserver/pkg/apis/apiserver/v1 (AuthenticationConfiguration, v1.37).
// https://kubernetes.io/docs/reference/access-authn-authz/authentication/#using-authentication-configuration
import { clusterClientId, KUBE_IDENTITY_PREFIX } from './issuer';

/** The kube-apiserver flag that reads the file, at the path the cluster page suggests. */
export const TRUST_CONFIG_PATH = '/etc/kubernetes/berth-auth.yaml';
export const TRUST_CONFIG_FLAG = `--authentication-config=${TRUST_CONFIG_PATH}`;

export type TrustConfigInput = {
  /** Berth's issuer URL (https, path included), exactly the `iss` of its tokens. */
  issuerUrl: string;
  /** PEM of the CA behind the issuer's serving certificate; omitted: the API server's system roots. */
  caPem?: string;
  /** The registered cluster's name: its tokens' audience is `cluster-<name>`. */
  clusterName: string;
};

type PrefixedClaim = { claim: string; prefix: string };

export type TrustConfig = {
  apiVersion: 'apiserver.config.k8s.io/v1';
  kind: 'AuthenticationConfiguration';
  jwt: [
    {
      issuer: { url: string; certificateAuthority?: string; audiences: string[] };
      claimMappings: { username: PrefixedClaim; groups: PrefixedClaim; uid: { claim: string } };
      userValidationRules: { expression: string; message: string }[];
    },
  ];
};

export function trustConfig({ issuerUrl, caPem, clusterName }: TrustConfigInput): TrustConfig {
  const ca = caPem?.replace(/\r\n/g, '\n').trim();
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AuthenticationConfiguration',
    jwt: [
      {
        // One audience per cluster: a token minted for one cluster is refused by every other,
        // so no audienceMatchPolicy (v1 requires it only for several audiences).
        issuer: { url: issuerUrl, ...(ca ? { certificateAuthority: `${ca}\n` } : {}), audiences: [clusterClientId(clusterName)] },
        claimMappings: {
          username: { claim: 'preferred_username', prefix: KUBE_IDENTITY_PREFIX },
          groups: { claim: 'groups', prefix: KUBE_IDENTITY_PREFIX },
          // The stable subject, so audit logs on the cluster tell two people of one name apart.
          uid: { claim: 'sub' },
        },
        userValidationRules: [
          { expression: "!user.username.startsWith('system:')", message: 'username may not use the reserved system: prefix' },
          { expression: "user.groups.all(group, !group.startsWith('system:'))", message: 'groups may not use the reserved system: prefix' },
        ],
      },
    ],
  };
}

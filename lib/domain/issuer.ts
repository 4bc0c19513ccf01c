// How Berth's identities look to a Kubernetes API server that trusts Berth's issuer. The API
// server maps the token's claims with this prefix (structured authentication configuration),
// so a token can never name a `system:` user or group, and RoleBindings must name groups the
// way the API server will see them.
// https://kubernetes.io/docs/reference/access-authn-authz/authentication/#using-authentication-configuration

/** Prefix the API server puts before Berth's usernames and groups. */
export const KUBE_IDENTITY_PREFIX = 'berth:';

/**
 * A group as a cluster that trusts Berth sees it (RoleBinding subjects use this). Always
 * prefixed, even a directory group whose own name starts with "berth:", because the API
 * server prefixes every claim value.
 */
export const kubeGroup = (group: string): string => `${KUBE_IDENTITY_PREFIX}${group}`;

/** The OAuth client and token audience of one registered cluster: tokens for it are valid on it alone. */
export const clusterClientId = (clusterName: string): string => `cluster-${clusterName}`;

/** The client of the `berth` command line (device flow), whose tokens only Berth itself accepts. */
export const CLI_CLIENT_ID = 'berth-cli';

/** Claims tokens carry, by scope. */
export const ISSUER_SCOPES = 'openid offline_access profile email groups';

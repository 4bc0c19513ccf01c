import 'server-only';
import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { inClusterEnv } from '@/lib/env';
import { KubeError } from './errors';
import { TOKEN_FILE_PROVIDER, TokenFileAuth } from './service-account-token';

/** How Berth reaches one cluster; built from the Cluster row (credentials opened). */
export type ClusterConnection = {
  name: string;
  /** API server URL; required for TOKEN, ignored otherwise (the kubeconfig or the Pod knows it). */
  server?: string;
  /** PEM CA bundle for TOKEN mode; without it the system trust store is used. */
  caData?: string;
  auth: { mode: 'TOKEN'; token: string } | { mode: 'KUBECONFIG'; kubeconfig: string } | { mode: 'IN_CLUSTER' };
};

// Keys of a stored kubeconfig that would make Berth run a program, read a local file, skip
// TLS verification or act as someone else. A kubeconfig is data an admin pasted into a form,
// so none of that is honoured: credentials must be embedded.
const FORBIDDEN_USER_KEYS = ['exec', 'auth-provider', 'token-file', 'tokenFile', 'client-certificate', 'client-key', 'username', 'password', 'as', 'as-groups', 'as-uid'];
const FORBIDDEN_CLUSTER_KEYS = ['certificate-authority', 'insecure-skip-tls-verify'];

/**
 * THE place that constructs a KubeConfig. Throws a KubeError (kind Invalid) naming what is
 * wrong with the connection, never echoing a credential.
 * https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
 * https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/
 */
export function buildKubeConfig(conn: ClusterConnection): KubeConfig {
  const fail = (field: string, why: string) =>
    new KubeError('Invalid', { cluster: conn.name, userMessage: `The connection to cluster ${conn.name} is not usable: ${why}.`, details: { fields: [field] } });
  const kc = new KubeConfig();
  switch (conn.auth.mode) {
    case 'TOKEN': {
      const server = checkServer(conn.server, fail);
      const token = conn.auth.token.trim();
      if (!token) throw fail('token', 'the bearer token is empty');
      if (/\s/.test(token)) throw fail('token', 'the bearer token contains whitespace');
      const caData = conn.caData?.trim();
      if (caData && !/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(caData)) {
        throw fail('caData', 'the CA certificate must be PEM (-----BEGIN CERTIFICATE----- …)');
      }
      kc.loadFromOptions({
        clusters: [{ name: conn.name, server, caData: caData ? Buffer.from(caData).toString('base64') : undefined, skipTLSVerify: false }],
        users: [{ name: 'berth', token }],
        contexts: [{ name: conn.name, cluster: conn.name, user: 'berth' }],
        currentContext: conn.name,
      });
      return reuseConnections(kc);
    }
    case 'KUBECONFIG': {
      // Only the current context's entries are loaded: other users may name programs or
      // token files that client-node would otherwise read while parsing.
      const current = currentEntries(conn.auth.kubeconfig, fail);
      try {
        kc.loadFromString(stringify(current));
      } catch (e) {
        throw fail('kubeconfig', `the kubeconfig cannot be loaded (${e instanceof Error ? e.message.split('\n')[0] : 'unknown error'})`);
      }
      const cluster = kc.getCurrentCluster();
      if (!cluster) throw fail('kubeconfig', 'its current context names no cluster');
      checkServer(cluster.server, fail);
      if (!kc.getCurrentUser()) throw fail('kubeconfig', 'its current context names no user');
      return reuseConnections(kc);
    }
    case 'IN_CLUSTER': {
      // What client-node's loadFromCluster does, except the token: its token-file auth re-reads
      // once a minute, TokenFileAuth as soon as the kubelet rotates the projected token.
      const { KUBERNETES_SERVICE_HOST: host, KUBERNETES_SERVICE_PORT: port, BERTH_SERVICE_ACCOUNT_DIR: dir } = inClusterEnv();
      const file = serviceAccountFiles(dir);
      const token = file('token');
      if (!host || !port || !existsSync(token)) {
        throw fail('auth.mode', `IN_CLUSTER works only when Berth runs in a Pod of that cluster (no service account token at ${token} or no KUBERNETES_SERVICE_HOST here)`);
      }
      let ca: Buffer;
      try {
        ca = readFileSync(file('ca.crt'));
      } catch {
        throw fail('caData', `the cluster's CA certificate ${file('ca.crt')} cannot be read`);
      }
      const namespace = existsSync(file('namespace')) ? readFileSync(file('namespace'), 'utf8').trim() : undefined;
      kc.addAuthenticator(new TokenFileAuth());
      kc.loadFromOptions({
        clusters: [{ name: conn.name, server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`, caData: ca.toString('base64'), skipTLSVerify: false }],
        users: [{ name: 'berth', authProvider: { name: TOKEN_FILE_PROVIDER, config: { path: token } } }],
        contexts: [{ name: conn.name, cluster: conn.name, user: 'berth', namespace }],
        currentContext: conn.name,
      });
      return reuseConnections(kc);
    }
  }
}

/**
 * Paths in the service account folder. Built by a function, not `join(dir, 'token')` inline:
 * Next.js's output tracing reads a join with an unknown folder as a pattern and would copy
 * whatever matches `…/token` (the CLI's token route) into the standalone build.
 */
function serviceAccountFiles(dir: string): (name: 'token' | 'ca.crt' | 'namespace') => string {
  return (name) => join(dir, name);
}

/**
 * client-node 2.0 builds a new undici Agent, and so a new TCP + TLS connection, for every
 * request (KubeConfig.applySecurityAuthentication → createDispatcher, uncached). The cluster
 * and user of a KubeConfig built here never change, so one Agent per KubeConfig is correct and
 * lets requests reuse keep-alive connections like kubectl does. createDispatcher is private in
 * the typings, hence the narrow cast; if a client-node upgrade renames it, this is a no-op.
 */
function reuseConnections(kc: KubeConfig): KubeConfig {
  const target = kc as unknown as { createDispatcher?: (...args: unknown[]) => unknown };
  const create = target.createDispatcher?.bind(kc);
  if (!create) return kc;
  let agent: { value: unknown } | undefined;
  target.createDispatcher = (...args: unknown[]) => (agent ??= { value: create(...args) }).value;
  return kc;
}

function checkServer(server: string | undefined, fail: (field: string, why: string) => KubeError): string {
  if (!server) throw fail('server', 'the API server URL is missing');
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw fail('server', `the API server URL "${server}" is not a URL`);
  }
  if (url.protocol !== 'https:') throw fail('server', `the API server URL must be https:// (got ${url.protocol}//)`);
  return server.replace(/\/+$/, '');
}

/** The current context with its cluster and user, checked, as a kubeconfig document. */
function currentEntries(text: string, fail: (field: string, why: string) => KubeError): object {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw fail('kubeconfig', `the kubeconfig is not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : 'parse error'})`);
  }
  if (!doc || typeof doc !== 'object') throw fail('kubeconfig', 'the kubeconfig is empty');
  const cfg = doc as { 'current-context'?: unknown; contexts?: unknown; clusters?: unknown; users?: unknown };
  const current = cfg['current-context'];
  if (typeof current !== 'string' || !current) throw fail('kubeconfig', 'the kubeconfig has no current context');
  const named = (list: unknown, name: unknown) => (Array.isArray(list) ? list.find((x) => x && typeof x === 'object' && x.name === name) : undefined) as Record<string, unknown> | undefined;
  const contextEntry = named(cfg.contexts, current);
  const context = contextEntry?.context as { cluster?: unknown; user?: unknown } | undefined;
  if (!contextEntry || !context) throw fail('kubeconfig', `the kubeconfig's current context "${current}" is not defined`);
  const clusterEntry = named(cfg.clusters, context.cluster);
  const cluster = clusterEntry?.cluster as Record<string, unknown> | undefined;
  if (!clusterEntry || !cluster) throw fail('kubeconfig', `the cluster "${String(context.cluster)}" of context "${current}" is not defined`);
  const userEntry = named(cfg.users, context.user);
  const user = userEntry?.user as Record<string, unknown> | undefined;
  if (!userEntry || !user) throw fail('kubeconfig', `the user "${String(context.user)}" of context "${current}" is not defined`);
  const badCluster = FORBIDDEN_CLUSTER_KEYS.filter((k) => cluster[k] !== undefined && cluster[k] !== false);
  if (badCluster.length) throw fail('kubeconfig', `the cluster entry uses ${badCluster.join(', ')}; embed certificate-authority-data and keep TLS verification on`);
  const badUser = FORBIDDEN_USER_KEYS.filter((k) => user[k] !== undefined);
  if (badUser.length) throw fail('kubeconfig', `the user entry uses ${badUser.join(', ')}; Berth accepts only an embedded token or client certificate`);
  if (!user.token && !(user['client-certificate-data'] && user['client-key-data'])) {
    throw fail('kubeconfig', 'the user entry has no token and no client-certificate-data/client-key-data');
  }
  return { apiVersion: 'v1', kind: 'Config', clusters: [clusterEntry], users: [userEntry], contexts: [contextEntry], 'current-context': current };
}

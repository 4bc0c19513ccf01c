// The ExecCredential that kubectl (and client-go in k9s, Lens, …) reads from a credential plugin.
// https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins
import { CliError } from './errors';

export const EXEC_API_V1 = 'client.authentication.k8s.io/v1';
/** Versions whose ExecCredential status has the shape written here. */
export const EXEC_API_VERSIONS: readonly string[] = [EXEC_API_V1, 'client.authentication.k8s.io/v1beta1'];

export interface ExecCredential {
  apiVersion: string;
  kind: 'ExecCredential';
  status: { token: string; expirationTimestamp: string };
}

/** RFC 3339 in UTC with whole seconds, rounded down so the client never trusts a token too long. */
export function rfc3339(time: Date | string | number): string {
  const ms = new Date(time).getTime();
  if (Number.isNaN(ms)) throw new CliError(`Not a time: ${String(time)}`);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function execCredential(token: string, expiresAt: Date | string | number, apiVersion: string = EXEC_API_V1): ExecCredential {
  return { apiVersion, kind: 'ExecCredential', status: { token, expirationTimestamp: rfc3339(expiresAt) } };
}

/**
 * The apiVersion kubectl asks for in KUBERNETES_EXEC_INFO (v1 when it is not set), refused
 * when it is one this plugin does not speak.
 */
export function execApiVersion(execInfo: string | undefined): string {
  if (!execInfo) return EXEC_API_V1;
  let info: { apiVersion?: unknown };
  try {
    info = JSON.parse(execInfo) as { apiVersion?: unknown };
  } catch {
    throw new CliError('KUBERNETES_EXEC_INFO is not JSON.');
  }
  const version = info?.apiVersion;
  if (version === undefined) return EXEC_API_V1;
  if (typeof version !== 'string' || !EXEC_API_VERSIONS.includes(version)) {
    throw new CliError(`kubectl asked for ExecCredential ${String(version)}; berth speaks ${EXEC_API_VERSIONS.join(' and ')}. Set apiVersion: ${EXEC_API_V1} in the kubeconfig.`);
  }
  return version;
}

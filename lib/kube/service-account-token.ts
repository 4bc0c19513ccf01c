import 'server-only';
import { readFileSync, statSync } from 'node:fs';
import type { KubeConfig, User } from '@kubernetes/client-node';

type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

/** The auth-provider name a KubeConfig user carries to be served by TokenFileAuth. */
export const TOKEN_FILE_PROVIDER = 'berth-token-file';

/**
 * Bearer token read from a file that is replaced while Berth runs: a projected ServiceAccount
 * token, which the kubelet renews at 80 % of its life by swapping the volume's `..data` symlink.
 * client-node's own token-file auth re-reads at most once a minute, so right after a rotation
 * it could still send a token that is about to expire. This one looks at the file on every
 * request (one stat, following the symlink) and reads it again whenever inode, mtime or size
 * changed.
 * https://kubernetes.io/docs/concepts/security/service-accounts/#bound-service-account-tokens
 */
export class TokenFileAuth implements Authenticator {
  private last?: { stamp: string; token: string };

  isAuthProvider(user: User): boolean {
    return (user.authProvider as { name?: string } | undefined)?.name === TOKEN_FILE_PROVIDER;
  }

  async applyAuthentication(user: User, opts: { headers?: Record<string, unknown> }): Promise<void> {
    const file = (user.authProvider as { config: { path: string } }).config.path;
    let token: string;
    try {
      const s = statSync(file);
      const stamp = `${s.ino}:${s.mtimeMs}:${s.size}`;
      if (this.last?.stamp !== stamp) this.last = { stamp, token: readFileSync(file, 'utf8').trim() };
      token = this.last.token;
    } catch (e) {
      throw new Error(`The service account token ${file} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    opts.headers = { ...opts.headers, Authorization: `Bearer ${token}` };
  }
}

// What the commands need from the outside world, in one object so tests can pass fakes for
// the network (Berth and the issuer) and the clock.
import { type BerthApi, berthApi } from './berth-api';
import type { LockOptions } from './lock';
import { caFetch } from './http';
import { type IssuerClient, type IssuerRef, openIdIssuer } from './issuer-client';

export interface CliDeps {
  configDir: string;
  now: () => number;
  /** Berth's /api/cli endpoints at `server`, trusting `caFile` too when given. */
  berth: (server: string, caFile?: string) => Promise<BerthApi>;
  /** The OpenID provider named by Berth's CLI config. */
  issuer: (ref: IssuerRef & { caFile?: string }) => Promise<IssuerClient>;
  /** Human messages (stderr). */
  say: (line: string) => void;
  /** Command output (stdout): the kubeconfig, the ExecCredential. */
  print: (text: string) => void;
  lock?: LockOptions;
}

export function realDeps(configDir: string): CliDeps {
  const now = Date.now;
  return {
    configDir,
    now,
    berth: async (server, caFile) => berthApi(server, await caFetch(caFile)),
    issuer: async ({ caFile, ...ref }) => openIdIssuer(ref, await caFetch(caFile), now),
    say: (line) => process.stderr.write(`${line}\n`),
    print: (text) => process.stdout.write(text),
  };
}

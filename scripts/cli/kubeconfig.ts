// `berth kubeconfig <tenant>`: the kubeconfig Berth builds for a tenant, to stdout or a file.
import { readCredentials } from './cache';
import { writeFileAtomic } from './atomic-write';
import type { CliDeps } from './deps';
import { pickServer } from './server-url';
import { requireEntry, withAccessToken } from './session';

export async function fetchKubeconfig(deps: CliDeps, server: string, tenant: string): Promise<string> {
  const entry = requireEntry(await readCredentials(deps.configDir), server);
  const berth = await deps.berth(server, entry.caFile);
  return withAccessToken(deps, server, (token) => berth.kubeconfig(tenant, token));
}

export async function runKubeconfig(deps: CliDeps, tenant: string, options: { server?: string; output?: string }): Promise<void> {
  const server = pickServer(options.server, Object.keys(await readCredentials(deps.configDir)));
  const yaml = await fetchKubeconfig(deps, server, tenant);
  if (!options.output || options.output === '-') {
    deps.print(yaml.endsWith('\n') ? yaml : `${yaml}\n`);
    return;
  }
  // A kubeconfig names credentials: owner-only, like ~/.kube/config.
  await writeFileAtomic(options.output, yaml, 0o600);
  deps.say(`Wrote the kubeconfig of ${tenant} to ${options.output}`);
}

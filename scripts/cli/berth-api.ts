// Berth's /api/cli endpoints, as the command line calls them.
import { z } from 'zod';
import { CLI_CLIENT_ID, ISSUER_SCOPES } from '@/lib/domain/issuer';
import type { ClusterToken } from './cache';
import { CliError } from './errors';
import type { Fetch } from './http';

const cliConfigSchema = z.object({
  issuer: z.url(),
  clientId: z.string().min(1).default(CLI_CLIENT_ID),
  scope: z.string().min(1).default(ISSUER_SCOPES),
});
export type CliConfig = z.infer<typeof cliConfigSchema>;

const clusterTokenSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be a time'),
});

/** Berth answered with an error status; `message` holds Berth's own words. */
export class BerthApiError extends CliError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BerthApiError';
  }
}

export interface BerthApi {
  cliConfig(): Promise<CliConfig>;
  kubeconfig(tenant: string, accessToken: string): Promise<string>;
  clusterToken(cluster: string, accessToken: string): Promise<ClusterToken>;
}

export function berthApi(server: string, fetch: Fetch): BerthApi {
  const url = (path: string) => `${server}/api/cli/${path}`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  return {
    async cliConfig() {
      const res = await fetch(url('config'), { headers: { accept: 'application/json' } });
      return parse(await json(res, server), cliConfigSchema, server);
    },
    async kubeconfig(tenant, accessToken) {
      const res = await fetch(url(`kubeconfig?tenant=${encodeURIComponent(tenant)}`), { headers: { ...bearer(accessToken), accept: 'application/yaml, text/yaml, */*' } });
      if (!res.ok) throw await failure(res, server);
      return res.text();
    },
    async clusterToken(cluster, accessToken) {
      const res = await fetch(url('token'), {
        method: 'POST',
        headers: { ...bearer(accessToken), accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({ cluster }),
      });
      return parse(await json(res, server), clusterTokenSchema, server);
    },
  };
}

async function json(res: Response, server: string): Promise<unknown> {
  if (!res.ok) throw await failure(res, server);
  try {
    return await res.json();
  } catch {
    throw new CliError(`${server} answered with something that is not JSON; is this Berth's address?`);
  }
}

function parse<S extends z.ZodType>(value: unknown, schema: S, server: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CliError(`${server} sent an unexpected answer (${z.prettifyError(parsed.error).split('\n')[0]}); is this Berth's address?`);
  return parsed.data;
}

async function failure(res: Response, server: string): Promise<BerthApiError> {
  const text = await res.text().catch(() => '');
  let words: string | undefined;
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') words = body.error;
  } catch {
    // not JSON: fall through to the status
  }
  if (res.status === 404 && !words) return new BerthApiError(404, `${server} has no ${new URL(res.url || server).pathname}; is this Berth's address, and is it new enough for the CLI?`);
  return new BerthApiError(res.status, words ?? `${server} answered ${res.status} ${res.statusText}`.trim());
}

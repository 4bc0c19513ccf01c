// The fetch every request of the command line goes through, to Berth and to the issuer.
// Without a CA file it is Node's own fetch, whose TLS trusts the bundled roots plus
// NODE_EXTRA_CA_CERTS. With one, an undici Agent trusts those roots plus the file's
// certificates (a private CA for Berth's issuer). Network failures become worded errors.
import { readFile } from 'node:fs/promises';
import { getCACertificates } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { CliError, networkFailure } from './errors';

/** The shape openid-client's customFetch takes, and all the CLI needs. */
export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export async function readCaFile(caFile: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(caFile, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read the CA file ${caFile}: ${(err as Error).message}`, { cause: err });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new CliError(`${caFile} holds no PEM certificate.`);
  return pem;
}

export async function caFetch(caFile?: string): Promise<Fetch> {
  let send: Fetch = (url, init) => fetch(url, init);
  if (caFile) {
    const pem = await readCaFile(caFile);
    const dispatcher = new Agent({ connect: { ca: [...getCACertificates('default'), pem] } });
    // undici's Request/Response are the classes behind Node's global fetch; only their
    // TypeScript declarations differ.
    send = (url, init) => undiciFetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
  }
  return async (url, init) => {
    try {
      return await send(url, init);
    } catch (err) {
      if (err instanceof TypeError && err.message === 'fetch failed') throw networkFailure(url, err.cause ?? err);
      throw err;
    }
  };
}

// A Berth URL as the cache keys it: scheme, host and path, no trailing slash, no query.
import { CliError } from './errors';

export function normalizeServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new CliError(`"${input}" is not a URL; pass Berth's address, e.g. https://berth.example.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError(`"${input}" is not an http(s) URL; pass Berth's address, e.g. https://berth.example.com`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The server a command talks to: the one given, else the only one signed in to. Several
 * sign-ins need `--server`, since guessing would send a token to the wrong place.
 */
export function pickServer(given: string | undefined, signedIn: string[]): string {
  if (given) return normalizeServerUrl(given);
  if (signedIn.length === 1) return signedIn[0]!;
  if (signedIn.length === 0) throw new CliError('Not signed in to any Berth. Run: berth login <berthUrl>');
  throw new CliError(`Signed in to several Berths (${signedIn.join(', ')}); pass --server <berthUrl>.`);
}

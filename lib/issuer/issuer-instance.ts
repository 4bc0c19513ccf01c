import 'server-only';
import type Provider from 'oidc-provider';
import { createProvider } from './provider';
import { loadSigningKeys } from './signing-keys';

let provider: Promise<Provider> | undefined;

/**
 * The provider as a library inside the web process (finding interactions, checking access
 * tokens); it reads and writes the same tables the issuer process serves from.
 */
export function issuerInstance(): Promise<Provider> {
  provider ??= loadSigningKeys().then(createProvider, (e: unknown) => {
    provider = undefined;
    throw e;
  });
  return provider;
}

import 'server-only';
import { readFile } from 'node:fs/promises';
import { env } from '@/lib/env';

export type IssuerCa = { pem: string | null } | { error: string };

/**
 * The PEM of the CA behind the issuer's serving certificate (BERTH_ISSUER_CA_FILE), for the
 * trust snippet API servers are given; `pem: null` when unset (the issuer's certificate chains
 * to a public root the API servers already trust). A file that cannot be read or holds no
 * certificate is reported rather than thrown, so the cluster page still shows the rest.
 */
export async function readIssuerCa(): Promise<IssuerCa> {
  const file = env().BERTH_ISSUER_CA_FILE;
  if (!file) return { pem: null };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { error: `BERTH_ISSUER_CA_FILE (${file}) cannot be read: ${e instanceof Error ? e.message : String(e)}` };
  }
  // Certificates only: the page must never show a private key that shares the file.
  const certs = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!certs) return { error: `BERTH_ISSUER_CA_FILE (${file}) holds no PEM certificate.` };
  return { pem: `${certs.join('\n')}\n` };
}

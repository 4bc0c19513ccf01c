import 'server-only';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { db } from '@/lib/db/client';
import { openSecret, sealSecret } from '@/lib/db/secrets';

/**
 * ES256 (ECDSA P-256): every Kubernetes API server and OIDC client accepts it, and it signs
 * about ten times faster than RS256 — a token per refresh, so it counts.
 */
export const SIGNING_ALG = 'ES256';
/** Algorithms of keys the issuer still publishes (keys made before the switch were RS256). */
export const PUBLISHED_ALGS = ['ES256', 'RS256'] as const;

/** A private JWK as oidc-provider and jose take it. */
export type PrivateJwk = { kty: string; kid: string; alg: string; use: 'sig'; [k: string]: unknown };

/** The published keys, the one that signs first; private parts included (never serve these). */
export type KeySet = { current: PrivateJwk; all: PrivateJwk[] };

function newJwk(): PrivateJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
  return { ...jwk, kty: 'EC', kid: randomUUID(), alg: SIGNING_ALG, use: 'sig' };
}

/** Inserts a new signing key that becomes current; the previous ones stay published. */
export async function addSigningKey(tx: Pick<typeof db, 'issuerKey'> = db): Promise<string> {
  const jwk = newJwk();
  await tx.issuerKey.create({ data: { kid: jwk.kid, alg: jwk.alg, privateJwk: sealSecret(JSON.stringify(jwk)) } });
  return jwk.kid;
}

/**
 * The keys to publish and sign with, creating the first one when there is none. Concurrent
 * first starts (several replicas) create exactly one: an advisory lock serializes them.
 */
export async function loadSigningKeys(now = new Date()): Promise<KeySet> {
  let rows = await publishedRows(now);
  if (!rows.some((r) => !r.retiredAt)) {
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('berth.issuer-key'))`;
      const active = await tx.issuerKey.count({ where: { retiredAt: null } });
      if (!active) await addSigningKey(tx);
    });
    rows = await publishedRows(now);
  }
  const all = rows.map((r) => JSON.parse(openSecret(r.privateJwk)) as PrivateJwk);
  return { current: all[0]!, all };
}

// Unretired keys newest first (the newest signs), then retired ones still within their window.
async function publishedRows(now: Date) {
  const rows = await db.issuerKey.findMany({
    where: { OR: [{ retiredAt: null }, { publishUntil: { gt: now } }] },
    orderBy: { createdAt: 'desc' },
    select: { kid: true, privateJwk: true, retiredAt: true },
  });
  return [...rows.filter((r) => !r.retiredAt), ...rows.filter((r) => r.retiredAt)];
}

import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { db, type Tx } from '@/lib/db/client';
import { pgPool } from '@/lib/db/pg-pool';
import { findClient } from './clients';

// oidc-provider's storage in Postgres, one row per model and id, so every web and issuer
// replica sees the same sessions, interactions, codes and tokens. Clients are not stored:
// they are Berth's registered clusters and its command line (clients.ts).
// https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#adapter

// Models oidc-provider looks up by grant when a grant is revoked (a refresh token reused
// after rotation revokes everything its grant issued).
// A Berth use case that changes the provider's state (finishing a sign-in) runs it inside its
// own transaction, so the change and its audit row commit together; otherwise statements go
// straight to a pg pool (several per token request, where Prisma's per-query work showed).
const transaction = new AsyncLocalStorage<Tx>();

/** Runs `fn` with every adapter write inside `tx`. */
export function withIssuerTransaction<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  return transaction.run(tx, fn);
}

async function sql<T>(text: string, ...values: unknown[]): Promise<T[]> {
  const tx = transaction.getStore();
  if (tx) return tx.$queryRawUnsafe<T[]>(text, ...values);
  return (await pgPool().query(text, values)).rows as T[];
}

const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);
const LIVE = '("expiresAt" IS NULL OR "expiresAt" > now())';
type Row = { payload: AdapterPayload; consumedAt: Date | null };

export class PostgresAdapter implements Adapter {
  constructor(private readonly model: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    if (this.model === 'Client') return;
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    await sql(
      `INSERT INTO "OidcPayload" ("model", "id", "payload", "grantId", "userCode", "uid", "expiresAt")
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7::timestamptz)
       ON CONFLICT ("model", "id") DO UPDATE SET "payload" = EXCLUDED."payload", "grantId" = EXCLUDED."grantId",
         "userCode" = EXCLUDED."userCode", "uid" = EXCLUDED."uid", "expiresAt" = EXCLUDED."expiresAt"`,
      this.model, id, JSON.stringify(payload), payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresAt,
    );
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.model === 'Client') return (await findClient(id)) ?? undefined;
    return this.first('id', id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.first('userCode', userCode);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.first('uid', uid);
  }

  async consume(id: string): Promise<void> {
    await sql('UPDATE "OidcPayload" SET "consumedAt" = now() WHERE "model" = $1 AND "id" = $2', this.model, id);
  }

  async destroy(id: string): Promise<void> {
    await sql('DELETE FROM "OidcPayload" WHERE "model" = $1 AND "id" = $2', this.model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    if (GRANTABLE.has(this.model)) await sql('DELETE FROM "OidcPayload" WHERE "model" = $1 AND "grantId" = $2', this.model, grantId);
  }

  private async first(column: 'id' | 'userCode' | 'uid', value: string): Promise<AdapterPayload | undefined> {
    const [row] = await sql<Row>(`SELECT "payload", "consumedAt" FROM "OidcPayload" WHERE "model" = $1 AND "${column}" = $2 AND ${LIVE} LIMIT 1`, this.model, value);
    if (!row) return undefined;
    return row.consumedAt ? { ...row.payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : row.payload;
  }
}

/** Deletes what has expired (a recurring job); returns how many rows went. */
export async function purgeExpiredIssuerData(now = new Date()): Promise<number> {
  const { count } = await db.oidcPayload.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}

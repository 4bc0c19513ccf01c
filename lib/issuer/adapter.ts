import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { db as pool, type Tx } from '@/lib/db/client';
import type { Prisma } from '@/lib/db/generated/client';
import { findClient } from './clients';

// oidc-provider's storage in Postgres, one row per model and id, so every web and issuer
// replica sees the same sessions, interactions, codes and tokens. Clients are not stored:
// they are Berth's registered clusters and its command line (clients.ts).
// https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#adapter

// Models oidc-provider looks up by grant when a grant is revoked (a refresh token reused
// after rotation revokes everything its grant issued).
// A Berth use case that changes the provider's state (finishing a sign-in) runs it inside its
// own transaction, so the change and its audit row commit together.
const transaction = new AsyncLocalStorage<Tx>();
const db = (): Tx | typeof pool => transaction.getStore() ?? pool;

/** Runs `fn` with every adapter write inside `tx`. */
export function withIssuerTransaction<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  return transaction.run(tx, fn);
}

const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

export class PostgresAdapter implements Adapter {
  constructor(private readonly model: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    if (this.model === 'Client') return;
    const data = {
      payload: payload as Prisma.InputJsonValue,
      grantId: payload.grantId ?? null,
      userCode: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
    };
    await db().oidcPayload.upsert({ where: { model_id: { model: this.model, id } }, create: { model: this.model, id, ...data }, update: data });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (this.model === 'Client') return (await findClient(id)) ?? undefined;
    return this.one({ model: this.model, id });
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.one({ model: this.model, userCode });
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.one({ model: this.model, uid });
  }

  async consume(id: string): Promise<void> {
    await db().oidcPayload.updateMany({ where: { model: this.model, id }, data: { consumedAt: new Date() } });
  }

  async destroy(id: string): Promise<void> {
    await db().oidcPayload.deleteMany({ where: { model: this.model, id } });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    if (GRANTABLE.has(this.model)) await db().oidcPayload.deleteMany({ where: { model: this.model, grantId } });
  }

  private async one(where: Prisma.OidcPayloadWhereInput): Promise<AdapterPayload | undefined> {
    const row = await db().oidcPayload.findFirst({ where: { ...where, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] }, select: { payload: true, consumedAt: true } });
    if (!row) return undefined;
    const payload = row.payload as AdapterPayload;
    return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
  }
}

/** Deletes what has expired (a recurring job); returns how many rows went. */
export async function purgeExpiredIssuerData(now = new Date()): Promise<number> {
  const { count } = await pool.oidcPayload.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}

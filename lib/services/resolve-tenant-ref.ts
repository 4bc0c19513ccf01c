import 'server-only';
import { findTenantIdsByName, loadTenantEndpoint } from '@/lib/db/tenant-endpoint';
import type { Actor } from '@/lib/domain/actor';
import { AppError } from '@/lib/domain/errors';
import { can } from '@/lib/domain/permissions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A tenant the actor may use, named the way a person types it: its id, its name, or
 * `<cluster>/<name>` when the name is on several clusters. Tenants the actor cannot see are
 * "not found", exactly like missing ones.
 */
export async function resolveTenantRef(actor: Actor, ref: string | null): Promise<string> {
  const text = (ref ?? '').trim();
  const notFound = new AppError('NOT_FOUND', { userMessage: `You have no tenant named ${text || '(nothing)'}.` });
  if (!text || text.length > 200) throw notFound;
  if (UUID.test(text)) return text;
  const [cluster, name] = text.includes('/') ? text.split('/', 2) : [null, text];
  const candidates = (await findTenantIdsByName(name!)).filter((c) => cluster === null || c.cluster === cluster);
  const visible = [];
  for (const c of candidates) {
    const t = await loadTenantEndpoint(c.id);
    if (t && can(actor, 'tenant:view', t.target)) visible.push(c);
  }
  if (visible.length === 0) throw notFound;
  if (visible.length > 1) {
    throw new AppError('CONFLICT', { userMessage: `${name} is a tenant on several clusters; say which: ${visible.map((v) => `${v.cluster}/${name}`).join(', ')}.` });
  }
  return visible[0]!.id;
}

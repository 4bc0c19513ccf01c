import 'server-only';
import type { TenantPhase } from '@/lib/domain/tenant-phase';
import type { TenantTarget } from '@/lib/domain/visibility';
import { accessSettings } from '@/lib/templates/access-settings';
import type { RenderedTenant } from '@/lib/templates/types';

/** The columns `tenantTarget` reads: `select` them with the rest of the row. */
export const tenantTargetSelect = { ownerId: true, manifest: true, adminGroups: true, viewGroups: true, phase: true, template: true } as const;
export type TenantTargetRow = { ownerId: string; manifest: unknown; adminGroups: string[]; viewGroups: string[]; phase: TenantPhase; template: string };

/**
 * A tenant as the permissions table asks about it: who holds which role, its phase, and whether
 * its template accepts access requests as the templates say now (which makes it visible to
 * everyone, as Request Access lists it).
 */
export async function tenantTarget(t: TenantTargetRow): Promise<TenantTarget> {
  const settings = await accessSettings();
  return {
    ownerId: t.ownerId,
    groups: (t.manifest as RenderedTenant).groups,
    adminGroups: t.adminGroups,
    viewGroups: t.viewGroups,
    phase: t.phase,
    accessEnabled: settings(t.template).enabled,
  };
}

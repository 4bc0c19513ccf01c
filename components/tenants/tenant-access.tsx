import type { TenantDetailDto } from '@/lib/db/tenants';

const list = (xs: string[]) => (xs.length ? xs.join(', ') : '—');

/** Who holds which role: directory groups bound directly, and the groups Berth manages. */
export function TenantAccess({ tenant: t }: { tenant: TenantDetailDto }) {
  return (
    <dl className="grid grid-cols-3 gap-x-4 gap-y-2 text-sm" data-testid="tenant-groups">
      <dt className="text-slate-500">Your role</dt>
      <dd className="col-span-2" data-testid="tenant-role">{t.role ?? 'none (you see it as a platform admin)'}</dd>
      <dt className="text-slate-500">Admin groups</dt>
      <dd className="col-span-2">{list(t.adminGroups)}</dd>
      <dt className="text-slate-500">View groups</dt>
      <dd className="col-span-2">{list(t.viewGroups)}</dd>
      <dt className="text-slate-500">Berth’s groups</dt>
      <dd className="col-span-2 font-mono text-xs">
        {t.internalGroups.admins}
        <br />
        {t.internalGroups.editors}
        <br />
        {t.internalGroups.viewers}
      </dd>
    </dl>
  );
}

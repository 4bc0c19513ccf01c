import Link from 'next/link';
import type { TenantSummaryDto } from '@/lib/db/tenants';
import { PhaseBadge } from './phase-badge';

const th = 'px-3 py-2';

/** Home's "Your tenants": what the user can reach, and in which state it is. */
export function TenantTable({ tenants }: { tenants: TenantSummaryDto[] }) {
  return (
    <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
      <thead className="bg-slate-100 text-xs uppercase text-slate-600">
        <tr>
          <th className={th}>Namespace</th>
          <th className={th}>Cluster</th>
          <th className={th}>Tenant type</th>
          <th className={th}>Phase</th>
          <th className={th}>Your role</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {tenants.map((t) => (
          <tr key={t.id} data-testid="tenant-row">
            <td className={th}>
              <Link href={`/tenants/${t.id}`} className="font-mono font-medium text-brand-700 hover:underline">
                {t.namespace}
              </Link>
            </td>
            <td className={th}>{t.cluster}</td>
            <td className={th}>
              {t.template} / {t.preset}
            </td>
            <td className={th}>
              <PhaseBadge phase={t.phase} testId="tenant-row-phase" />
            </td>
            <td className={th}>{t.role ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

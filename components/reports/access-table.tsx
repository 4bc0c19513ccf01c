import Link from 'next/link';
import { requestKindWord } from '@/components/requests/request-status-badge';
import { Time } from '@/components/ui/time';
import type { AccessRowDto } from '@/lib/db/access-report';

const td = 'px-3 py-2';

function Source({ source }: { source: AccessRowDto['source'] }) {
  if (source.kind === 'none') return <span className="text-slate-400">—</span>;
  const word = source.kind === 'owner' ? 'Owner' : requestKindWord(source.requestKind);
  return source.requestId ? (
    <Link href={`/requests/${source.requestId}`} className="text-brand-700 hover:underline">
      {word}
    </Link>
  ) : (
    <>{word}</>
  );
}

/** The access report's rows: who holds which role where, why, and until when. */
export function AccessTable({ rows }: { rows: AccessRowDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
        <thead className="bg-slate-100 text-xs uppercase text-slate-600">
          <tr>
            <th className={td}>User</th>
            <th className={td}>Cluster</th>
            <th className={td}>Tenant</th>
            <th className={td}>Role</th>
            <th className={td}>Source</th>
            <th className={td}>Approved by</th>
            <th className={td}>Granted</th>
            <th className={td}>Expires</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} data-testid="access-row">
              <td className={td}>
                <span className="font-medium">{r.user.displayName}</span>
                <span className="block text-xs text-slate-500">{r.user.username}</span>
              </td>
              <td className={td}>{r.cluster}</td>
              <td className={td}>
                <Link href={`/tenants/${r.tenant.id}`} className="font-mono text-brand-700 hover:underline">
                  {r.tenant.namespace}
                </Link>
              </td>
              <td className={td}>{r.role}</td>
              <td className={td}>
                <Source source={r.source} />
              </td>
              <td className={`${td} text-xs`}>{r.approvers.length ? r.approvers.map((a) => a.displayName).join(', ') : <span className="text-slate-400">—</span>}</td>
              <td className={`${td} whitespace-nowrap text-xs`}>
                <Time at={r.grantedAt} />
              </td>
              <td className={`${td} whitespace-nowrap text-xs`}>{r.expiresAt ? <Time at={r.expiresAt} /> : <span className="text-slate-400">never</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

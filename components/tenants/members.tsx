import Link from 'next/link';
import { Time } from '@/components/ui/time';
import type { TenantMembersDto } from '@/lib/db/tenant-members';
import { MemberActions } from './member-actions';
import { OnBehalfForm } from './on-behalf-form';

/** Members per role with where their role came from and when it ends; Revoke and Leave where allowed. */
export function Members({ members, tenantId }: { members: TenantMembersDto; tenantId: string }) {
  return (
    <div className="space-y-4" data-testid="members">
      {members.roles.map((r) => (
        <div key={r.role}>
          <h3 className="mb-1 text-sm font-semibold">{r.label}</h3>
          {r.members.length ? (
            <ul className="divide-y divide-slate-100 text-sm">
              {r.members.map((m) => (
                <li key={m.membershipId} className="flex flex-wrap items-center gap-3 py-1.5" data-testid="member-row">
                  <span className="min-w-40">
                    {m.displayName} <span className="text-xs text-slate-500">({m.username})</span>
                  </span>
                  <span className="text-xs text-slate-600">
                    {m.source.kind === 'owner' ? 'owner' : m.source.requestId ? <Link className="underline" href={`/requests/${m.source.requestId}`}>request</Link> : 'added by Berth'}
                    {m.source.approvers.length ? `, approved by ${m.source.approvers.join(', ')}` : ''}
                  </span>
                  <span className="text-xs text-slate-600">{m.expiresAt ? <>until <Time at={m.expiresAt} /></> : 'until revoked'}</span>
                  <MemberActions membershipId={m.membershipId} who={m.username} canRevoke={m.canRevoke} canLeave={m.canLeave} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-xs text-slate-500">Nobody through Berth’s group.</p>
          )}
        </div>
      ))}
      {members.canRequestOnBehalf ? <OnBehalfForm tenantId={tenantId} maxDays={members.maxDays} /> : null}
    </div>
  );
}

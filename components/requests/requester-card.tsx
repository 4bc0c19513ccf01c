import { GroupList } from '@/components/ui/group-list';
import type { RequestDetailDto } from '@/lib/db/request-detail';

/** Who asks, and the groups they are in now: what an approver weighs the request against. */
export function RequesterCard({ requester: r }: { requester: RequestDetailDto['requester'] }) {
  return (
    <div className="text-sm" data-testid="requester">
      <p className="font-medium">{r.displayName}</p>
      <p className="text-slate-500">
        {r.username}
        {r.email ? ` · ${r.email}` : ''}
      </p>
      <p className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Current groups</p>
      <GroupList groups={r.groups} label="Requester's groups" />
    </div>
  );
}

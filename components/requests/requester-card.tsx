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
      <ul className="mt-1 flex flex-wrap gap-1" aria-label="Requester's groups">
        {r.groups.length ? (
          r.groups.map((g) => (
            <li key={g} className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
              {g}
            </li>
          ))
        ) : (
          <li className="text-xs text-slate-500">No groups</li>
        )}
      </ul>
    </div>
  );
}

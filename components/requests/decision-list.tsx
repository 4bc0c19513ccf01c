import { Time } from '@/components/ui/time';
import type { RequestDetailDto } from '@/lib/db/request-detail';

/** Each approver's decision with the justification they wrote. */
export function DecisionList({ decisions }: { decisions: RequestDetailDto['decisions'] }) {
  if (!decisions.length) return <p className="text-sm text-slate-500">No decisions yet.</p>;
  return (
    <ul className="space-y-3" data-testid="decisions">
      {decisions.map((d) => (
        <li key={`${d.approver}-${d.at.toISOString()}`} className="text-sm">
          <p>
            <span className={`font-medium ${d.approve ? 'text-green-800' : 'text-red-800'}`}>{d.approve ? 'Approved' : 'Denied'}</span> by {d.approver} · <span className="text-xs text-slate-500"><Time at={d.at} /></span>
          </p>
          <blockquote className="mt-1 border-l-2 border-slate-200 pl-3 whitespace-pre-wrap text-slate-700">{d.justification}</blockquote>
        </li>
      ))}
    </ul>
  );
}

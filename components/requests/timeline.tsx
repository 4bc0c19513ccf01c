import { Time } from '@/components/ui/time';
import type { TimelineEntryDto } from '@/lib/db/timeline';

/** What happened, oldest first, from the audit trail: the same rows Reports lists. */
export function Timeline({ entries }: { entries: TimelineEntryDto[] }) {
  if (!entries.length) return <p className="text-sm text-slate-500">Nothing has happened yet.</p>;
  return (
    <ol className="relative ml-2 border-l border-slate-200" aria-label="Timeline" data-testid="timeline">
      {entries.map((e) => (
        <li key={e.seq} className="mb-4 ml-4 last:mb-0">
          <span aria-hidden className="absolute -left-1.5 mt-1.5 size-3 rounded-full border-2 border-white bg-brand-600" />
          <p className="text-sm font-medium">{e.words}</p>
          <p className="text-xs text-slate-500">
            {e.actor === 'system' ? 'Berth' : e.actor} · <Time at={e.at} withSeconds />
          </p>
          {e.detail ? <p className="mt-1 whitespace-pre-wrap text-sm text-slate-700">{e.detail}</p> : null}
        </li>
      ))}
    </ol>
  );
}

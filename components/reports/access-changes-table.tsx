import Link from 'next/link';
import { Time } from '@/components/ui/time';
import type { AccessChangeDto, Period } from '@/lib/db/access-changes';
import { FilterField, FilterForm, filterInput } from './filter-form';

/** The period of the access-changes report, in whole UTC days. */
export function PeriodForm({ period }: { period: Period }) {
  return (
    <FilterForm path="/reports/access/changes" label="Choose a period">
      <FilterField label="From (UTC)" name="from">
        <input id="from" name="from" type="date" defaultValue={period.from} className={filterInput} />
      </FilterField>
      <FilterField label="To (UTC, inclusive)" name="to">
        <input id="to" name="to" type="date" defaultValue={period.to} className={filterInput} />
      </FilterField>
    </FilterForm>
  );
}

const td = 'px-3 py-2';

/** Access grants, revocations, expiries and tenants becoming ready, from the audit trail. */
export function AccessChangesTable({ rows }: { rows: AccessChangeDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
        <thead className="bg-slate-100 text-xs uppercase text-slate-600">
          <tr>
            <th className={td}>#</th>
            <th className={td}>When</th>
            <th className={td}>Who</th>
            <th className={td}>What</th>
            <th className={td}>Target</th>
            <th className={td}>Details</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((e) => (
            <tr key={e.seq} data-testid="access-change-row">
              <td className={`${td} text-slate-500`}>{e.seq}</td>
              <td className={`${td} whitespace-nowrap text-xs`}>
                <Time at={e.at} withSeconds />
              </td>
              <td className={td}>{e.actor}</td>
              <td className={td}>
                {e.words}
                <span className="block font-mono text-xs text-slate-500">{e.action}</span>
              </td>
              <td className={td}>
                {e.target.href ? (
                  <Link href={e.target.href} className="text-brand-700 hover:underline">
                    {e.target.label}
                  </Link>
                ) : (
                  e.target.label
                )}
              </td>
              <td className={`${td} max-w-md break-words text-xs text-slate-600`}>{e.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

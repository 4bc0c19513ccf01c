import { Time } from '@/components/ui/time';
import type { SignInEventDto, SignInFilter, SignInLockDto } from '@/lib/db/sign-in-report';
import { FilterField, FilterForm, filterInput } from './filter-form';

const td = 'px-3 py-2';
const table = 'w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200';
const head = 'bg-slate-100 text-xs uppercase text-slate-600';

/** The keys locked now: which username and address, after how many failures, until when. */
export function SignInLocksTable({ rows }: { rows: SignInLockDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className={table}>
        <thead className={head}>
          <tr>
            <th className={td}>Locked</th>
            <th className={td}>Username</th>
            <th className={td}>Address</th>
            <th className={td}>Failures</th>
            <th className={td}>Since</th>
            <th className={td}>Until</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((l) => (
            <tr key={`${l.scope} ${l.username} ${l.address}`} data-testid="sign-in-lock-row">
              <td className={td}>{l.scope}</td>
              <td className={`${td} font-mono text-xs`}>{l.username ?? 'any'}</td>
              <td className={`${td} font-mono text-xs`}>{l.address ?? 'any'}</td>
              <td className={td}>{l.failures}</td>
              <td className={`${td} whitespace-nowrap text-xs`}>
                <Time at={l.lockedAt} withSeconds />
              </td>
              <td className={`${td} whitespace-nowrap text-xs`}>
                <Time at={l.until} withSeconds />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The period, a username, an address. */
export function SignInFilters({ filter }: { filter: SignInFilter }) {
  return (
    <FilterForm path="/reports/sign-ins" label="Filter sign-in events">
      <FilterField label="Username" name="user">
        <input id="user" name="user" type="search" defaultValue={filter.user ?? ''} placeholder="exactly" className={filterInput} />
      </FilterField>
      <FilterField label="Address" name="address">
        <input id="address" name="address" type="search" defaultValue={filter.address ?? ''} placeholder="IPv4 or IPv6" className={filterInput} />
      </FilterField>
      <FilterField label="From (UTC)" name="from">
        <input id="from" name="from" type="date" defaultValue={filter.from} className={filterInput} />
      </FilterField>
      <FilterField label="To (UTC, inclusive)" name="to">
        <input id="to" name="to" type="date" defaultValue={filter.to} className={filterInput} />
      </FilterField>
    </FilterForm>
  );
}

/** Failed sign-ins, locks and locks ended, from the audit trail. */
export function SignInEventsTable({ rows }: { rows: SignInEventDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className={table}>
        <thead className={head}>
          <tr>
            <th className={td}>#</th>
            <th className={td}>When</th>
            <th className={td}>What</th>
            <th className={td}>Username</th>
            <th className={td}>Address</th>
            <th className={td}>Details</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((e) => (
            <tr key={e.seq} data-testid="sign-in-event-row">
              <td className={`${td} text-slate-500`}>{e.seq}</td>
              <td className={`${td} whitespace-nowrap text-xs`}>
                <Time at={e.at} withSeconds />
              </td>
              <td className={td}>
                {e.words}
                <span className="block font-mono text-xs text-slate-500">{e.action}</span>
              </td>
              <td className={`${td} font-mono text-xs`}>{e.username ?? '—'}</td>
              <td className={`${td} font-mono text-xs`}>{e.address ?? '—'}</td>
              <td className={`${td} max-w-md break-words text-xs text-slate-600`}>{e.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

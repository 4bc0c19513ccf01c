import Link from 'next/link';
import { RequestStatusBadge, requestKindWord } from '@/components/requests/request-status-badge';
import { Time } from '@/components/ui/time';
import type { RequestHistoryFilter, RequestHistoryRowDto } from '@/lib/db/request-history';
import { REQUEST_STATUSES } from '@/lib/domain/request-state';
import { FilterField, FilterForm, filterInput } from './filter-form';

/** Requester, tenant, kind, status and the days the request was made in. */
export function RequestHistoryFilters({ filter, kinds }: { filter: RequestHistoryFilter; kinds: readonly string[] }) {
  return (
    <FilterForm path="/reports/requests" label="Search requests">
      <FilterField label="Requester" name="requester">
        <input id="requester" name="requester" type="search" defaultValue={filter.requester ?? ''} placeholder="name or username" className={filterInput} />
      </FilterField>
      <FilterField label="Tenant" name="tenant">
        <input id="tenant" name="tenant" type="search" defaultValue={filter.tenant ?? ''} placeholder="namespace" className={filterInput} />
      </FilterField>
      <FilterField label="Kind" name="kind">
        <select id="kind" name="kind" defaultValue={filter.kind ?? ''} className={filterInput}>
          <option value="">Any</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {requestKindWord(k)}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField label="Status" name="status">
        <select id="status" name="status" defaultValue={filter.status ?? ''} className={filterInput}>
          <option value="">Any</option>
          {REQUEST_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField label="Made from (UTC)" name="from">
        <input id="from" name="from" type="date" defaultValue={filter.from ?? ''} className={filterInput} />
      </FilterField>
      <FilterField label="to (inclusive)" name="to">
        <input id="to" name="to" type="date" defaultValue={filter.to ?? ''} className={filterInput} />
      </FilterField>
    </FilterForm>
  );
}

const td = 'px-3 py-2 align-top';

/** Requests with their decisions; each links to its request page. */
export function RequestHistoryTable({ rows }: { rows: RequestHistoryRowDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
        <thead className="bg-slate-100 text-xs uppercase text-slate-600">
          <tr>
            <th className={td}>Made</th>
            <th className={td}>Requester</th>
            <th className={td}>Kind</th>
            <th className={td}>Tenant</th>
            <th className={td}>Status</th>
            <th className={td}>Reason</th>
            <th className={td}>Decisions</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} data-testid="request-history-row">
              <td className={`${td} whitespace-nowrap text-xs`}>
                <Link href={`/requests/${r.id}`} className="text-brand-700 hover:underline">
                  <Time at={r.createdAt} />
                </Link>
              </td>
              <td className={td}>
                <span className="font-medium">{r.requester.displayName}</span>
                <span className="block text-xs text-slate-500">
                  {r.requester.username}
                  {r.onBehalfOf ? ` for ${r.onBehalfOf}` : ''}
                </span>
              </td>
              <td className={td}>{requestKindWord(r.kind)}</td>
              <td className={td}>
                {r.tenant ? (
                  <>
                    <span className="font-mono">{r.tenant.namespace}</span>
                    <span className="block text-xs text-slate-500">on {r.tenant.cluster}</span>
                  </>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </td>
              <td className={td}>
                <RequestStatusBadge status={r.status} />
              </td>
              <td className={`${td} max-w-xs truncate`} title={r.reason}>
                {r.reason}
              </td>
              <td className={`${td} text-xs`}>
                {r.decisions.length ? (
                  <ul className="space-y-1">
                    {r.decisions.map((d) => (
                      <li key={`${d.approver}-${d.at.toISOString()}`} title={d.justification}>
                        <span className={d.approve ? 'text-green-800' : 'text-red-800'}>{d.approve ? 'Approved' : 'Denied'}</span> by {d.approver}
                        <span className="block text-slate-500">
                          <Time at={d.at} />
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-slate-400">none</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import type { AccessFilter } from '@/lib/db/access-report';
import { FilterField, FilterForm, filterInput } from './filter-form';

/** User, cluster, tenant, role and "expiring within" for the access report. */
export function AccessFilters({ filter, clusters }: { filter: AccessFilter; clusters: string[] }) {
  return (
    <FilterForm path="/reports/access" label="Filter access">
      <FilterField label="User" name="user">
        <input id="user" name="user" type="search" defaultValue={filter.user ?? ''} placeholder="name or username" className={filterInput} />
      </FilterField>
      <FilterField label="Cluster" name="cluster">
        <select id="cluster" name="cluster" defaultValue={filter.cluster ?? ''} className={filterInput}>
          <option value="">Any</option>
          {clusters.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField label="Tenant" name="tenant">
        <input id="tenant" name="tenant" type="search" defaultValue={filter.tenant ?? ''} placeholder="namespace" className={filterInput} />
      </FilterField>
      <FilterField label="Role" name="role">
        <select id="role" name="role" defaultValue={filter.role ?? ''} className={filterInput}>
          <option value="">Any</option>
          <option value="admin">admin</option>
          <option value="edit">edit</option>
          <option value="view">view</option>
        </select>
      </FilterField>
      <FilterField label="Expiring within (days)" name="expiring">
        <input id="expiring" name="expiring" type="number" min={1} max={3650} defaultValue={filter.expiringWithinDays ?? ''} className={filterInput} />
      </FilterField>
    </FilterForm>
  );
}

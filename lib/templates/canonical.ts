// One byte order for rendered objects: apiVersion, kind, metadata first, then every map's keys
// sorted. The renderer emits it, and readers of a stored manifest restore it, because JSONB
// (where Tenant.manifest lives) keeps keys in its own order.
import { isRecord } from './check-object';

const FIRST_KEYS = ['apiVersion', 'kind', 'metadata'];

export function canonical<T>(value: T, top = true): T {
  if (Array.isArray(value)) return value.map((v) => canonical(v, false)) as T;
  if (!isRecord(value)) return value;
  const keys = Object.keys(value).sort((a, b) => {
    const ra = top ? FIRST_KEYS.indexOf(a) : -1;
    const rb = top ? FIRST_KEYS.indexOf(b) : -1;
    if (ra !== rb) return (ra < 0 ? FIRST_KEYS.length : ra) - (rb < 0 ? FIRST_KEYS.length : rb);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return Object.fromEntries(keys.map((k) => [k, canonical(value[k], false)])) as T;
}

'use client';
import { FieldSet } from '@/components/ui/field';

/**
 * Checkboxes of the requester's own groups: Berth refuses any other group, so offering only
 * these avoids a round trip. Groups already chosen for the other role are disabled, since a
 * group gets one role.
 */
export function GroupPicker(props: { legend: string; name: string; groups: string[]; value: string[]; taken?: string[]; error?: string; hint: string; onChange(v: string[]): void }) {
  const { legend, name, groups, value, taken = [], error, hint, onChange } = props;
  const toggle = (g: string, on: boolean) => onChange(on ? [...value, g] : value.filter((x) => x !== g));
  return (
    <FieldSet legend={legend} name={name} error={error} hint={hint}>
      {groups.length ? (
        <ul className="flex flex-wrap gap-x-5 gap-y-2">
          {groups.map((g) => (
            <li key={g}>
              <label className="inline-flex items-center gap-2 text-sm">
                <input type="checkbox" name={name} value={g} checked={value.includes(g)} disabled={taken.includes(g)} onChange={(e) => toggle(g, e.target.checked)} />
                <span className={taken.includes(g) ? 'text-slate-400' : ''}>{g}</span>
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">You are in no directory groups, so only you will have access.</p>
      )}
    </FieldSet>
  );
}

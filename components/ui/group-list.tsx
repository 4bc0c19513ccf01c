/** A person's groups as chips; "No groups" when there are none. */
export function GroupList({ groups, label }: { groups: readonly string[]; label: string }) {
  return (
    <ul className="mt-1 flex flex-wrap gap-1" aria-label={label}>
      {groups.length ? (
        groups.map((g) => (
          <li key={g} className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
            {g}
          </li>
        ))
      ) : (
        <li className="text-xs text-slate-500">No groups</li>
      )}
    </ul>
  );
}

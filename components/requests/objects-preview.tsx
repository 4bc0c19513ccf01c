type ObjectLine = { kind: string; name: string; namespace?: string };

/**
 * The objects a tenant consists of, one line each, and the exact YAML Berth applies: the
 * approver reviews what will happen on the cluster, not a summary of it.
 */
export function ObjectsPreview({ objects, yaml, open = false }: { objects: ObjectLine[]; yaml: string; open?: boolean }) {
  if (!objects.length) return <p className="text-sm text-slate-500">No objects.</p>;
  return (
    <>
      <ul className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2" aria-label="Objects" data-testid="objects">
        {objects.map((o) => (
          <li key={`${o.kind}/${o.namespace ?? ''}/${o.name}`}>
            <span className="text-slate-500">{o.kind}</span> <span className="font-mono">{o.namespace ? `${o.namespace}/${o.name}` : o.name}</span>
          </li>
        ))}
      </ul>
      <details open={open} className="mt-4">
        <summary className="cursor-pointer text-sm font-medium text-brand-700">YAML ({objects.length} objects)</summary>
        <pre className="mt-2 max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-4 text-xs text-slate-100" data-testid="manifest-yaml">
          {yaml}
        </pre>
      </details>
    </>
  );
}

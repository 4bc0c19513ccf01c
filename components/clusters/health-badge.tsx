const styles = {
  HEALTHY: 'bg-green-100 text-green-800 ring-green-200',
  DEGRADED: 'bg-amber-100 text-amber-900 ring-amber-200',
  UNREACHABLE: 'bg-red-100 text-red-800 ring-red-200',
  UNKNOWN: 'bg-slate-100 text-slate-700 ring-slate-200',
} as const;

const words = { HEALTHY: 'Healthy', DEGRADED: 'Degraded', UNREACHABLE: 'Unreachable', UNKNOWN: 'Not checked yet' } as const;

export function HealthBadge({ health }: { health: keyof typeof styles }) {
  return <span data-testid="cluster-health" className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${styles[health]}`}>{words[health]}</span>;
}

import { Pill, type Tone } from '@/components/ui/pill';
import type { TenantPhase } from '@/lib/domain/tenant-phase';

const tone: Record<TenantPhase, Tone> = {
  PENDING_APPROVAL: 'amber',
  PROVISIONING: 'blue',
  READY: 'green',
  FAILED: 'red',
  DELETING: 'blue',
  DELETED: 'slate',
};

/** What each phase means, for when the worker left no status message of its own. */
export const phaseWords: Record<TenantPhase, string> = {
  PENDING_APPROVAL: 'Waiting for an approver to decide the request.',
  PROVISIONING: 'Berth is creating the namespace and its objects on the cluster.',
  READY: 'Ready to use.',
  FAILED: 'Provisioning failed.',
  DELETING: 'Berth is deleting the namespace from the cluster.',
  DELETED: 'Deleted from the cluster.',
};

// The phase itself is the label (not prettified) so it matches the API, mails and audit rows.
export function PhaseBadge({ phase, testId }: { phase: TenantPhase; testId?: string }) {
  return (
    <Pill tone={tone[phase]} testId={testId}>
      {phase}
    </Pill>
  );
}

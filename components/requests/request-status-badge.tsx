import { Pill, type Tone } from '@/components/ui/pill';
import type { RequestStatus } from '@/lib/domain/request-state';

const tone: Record<RequestStatus, Tone> = {
  PENDING: 'amber',
  APPROVED: 'blue',
  DENIED: 'red',
  CANCELLED: 'slate',
  EXPIRED: 'slate',
  COMPLETED: 'green',
  FAILED: 'red',
};

export function RequestStatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Pill tone={tone[status as RequestStatus] ?? 'slate'} testId={testId}>
      {status}
    </Pill>
  );
}

const kindWords: Record<string, string> = {
  NEW_TENANT: 'Create',
  DELETE_TENANT: 'Delete',
  ACCESS: 'Access',
  REVOKE: 'Revoke',
  CLUSTER_GRANT: 'Cluster grant',
};

/** "Create", "Delete": what a request asks for, in the word the lists use. */
export function requestKindWord(kind: string): string {
  return kindWords[kind] ?? kind;
}

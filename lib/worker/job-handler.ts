import 'server-only';
import type { JobKind, JobPayload } from '@/lib/domain/jobs';

export type JobContext = { attempt: number; maxAttempts: number; final: boolean };

/** What the worker runs for one job kind; the payload arrives parsed by the catalogue's schema. */
export type JobHandler<K extends JobKind> = {
  run(payload: JobPayload<K>, ctx: JobContext): Promise<void>;
  /** Runs once when the last attempt failed. */
  onFinalFailure?(payload: JobPayload<K>, error: string): Promise<void>;
};

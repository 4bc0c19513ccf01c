import 'server-only';
import { checkClusterJob } from './check-cluster';
import { deleteTenantJob } from './delete-tenant';
import { deliverMailJob } from './deliver-mail';
import { expireRequestsJob } from './expire-requests';
import { provisionTenantJob } from './provision-tenant';

export type JobContext = { attempt: number; maxAttempts: number; final: boolean };

export type JobHandler = {
  run(payload: unknown, ctx: JobContext): Promise<void>;
  /** Runs once when the last attempt failed. */
  onFinalFailure?(payload: unknown, error: string): Promise<void>;
};

/** Every job kind Berth knows, one handler file each. */
export const handlers: Record<string, JobHandler> = {
  'cluster.check': checkClusterJob,
  'mail.deliver': deliverMailJob,
  'requests.expire': expireRequestsJob,
  'tenant.delete': deleteTenantJob,
  'tenant.provision': provisionTenantJob,
};

import 'server-only';
import type { JobKind } from '@/lib/domain/jobs';
import type { JobHandler } from '../job-handler';
import { checkClusterJob } from './check-cluster';
import { deleteTenantJob } from './delete-tenant';
import { deliverMailJob } from './deliver-mail';
import { expireAccessJob } from './expire-access';
import { expireRequestsJob } from './expire-requests';
import { purgeIssuerJob } from './purge-issuer';
import { provisionTenantJob } from './provision-tenant';
import { reapplyTenantJob } from './reapply-tenant';

/** Every kind in the job catalogue (lib/domain/jobs.ts) and its handler, one file each. */
export const handlers: { [K in JobKind]: JobHandler<K> } = {
  'cluster.check': checkClusterJob,
  'mail.deliver': deliverMailJob,
  'requests.expire': expireRequestsJob,
  'issuer.purge': purgeIssuerJob,
  'access.expire': expireAccessJob,
  'tenant.delete': deleteTenantJob,
  'tenant.provision': provisionTenantJob,
  'tenant.reapply': reapplyTenantJob,
};

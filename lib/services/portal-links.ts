import 'server-only';
import { env } from '@/lib/env';

/** Absolute links for mails: a reader opens them from the mail client, not the portal. */
export const portalLinks = {
  approval: (requestId: string) => `${env().BERTH_URL.replace(/\/+$/, '')}/approvals/${requestId}`,
  request: (requestId: string) => `${env().BERTH_URL.replace(/\/+$/, '')}/requests/${requestId}`,
  requestAccess: () => `${env().BERTH_URL.replace(/\/+$/, '')}/access`,
  tenant: (tenantId: string) => `${env().BERTH_URL.replace(/\/+$/, '')}/tenants/${tenantId}`,
};

import 'server-only';
import { templateSource } from './template-source';

export type AccessSettings = { enabled: boolean; maxDays: number };
const CLOSED: AccessSettings = { enabled: false, maxDays: 0 };

/**
 * Whether tenants of each template accept access requests, and for how long at most, as the
 * templates say today (an admin closes requests for a template by editing it). A tenant whose
 * template is gone accepts none.
 */
export async function accessSettings(): Promise<(template: string) => AccessSettings> {
  const templates = await templateSource().list();
  const byName = new Map(templates.map((t) => [t.name, t.template.spec.accessRequests]));
  return (name) => byName.get(name) ?? CLOSED;
}

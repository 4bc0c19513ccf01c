import type { ReactNode } from 'react';
import { Facts } from '@/components/ui/section';
import { Time } from '@/components/ui/time';
import type { RequestDetailDto } from '@/lib/db/request-detail';
import { durationWords } from '@/lib/domain/access-request';
import { RequestStatusBadge, requestKindWord } from './request-status-badge';

const list = (xs: string[]) => (xs.length ? xs.join(', ') : '—');

/** The summary block shared by the review page and My Requests. */
export function RequestFacts({ request: r }: { request: RequestDetailDto }) {
  const t = r.tenant;
  const items: [string, ReactNode][] = [
    ['Status', <RequestStatusBadge key="s" status={r.status} testId="request-status" />],
    ['Asks to', requestKindWord(r.kind)],
  ];
  if (t && r.access) {
    items.push(
      ['Role', <span key="r" data-testid="access-role">{r.access.roleLabel}</span>],
      ['For', r.access.member],
      ['Namespace', <span key="n" className="font-mono">{t.namespace}</span>],
      ['Cluster', t.cluster],
      ['Duration', r.access.durationHours ? durationWords(r.access.durationHours) : 'Until revoked'],
    );
  } else if (t) {
    items.push(
      ['Namespace', <span key="n" className="font-mono">{t.namespace}</span>],
      ['Cluster', t.cluster],
      ['Tenant type', `${t.template} (version ${t.templateVersion})`],
      ['Quota preset', t.preset],
      ['Admin groups', list(t.adminGroups)],
      ['View groups', list(t.viewGroups)],
    );
  }
  items.push(['Requested', <Time key="c" at={r.createdAt} />]);
  if (r.decidedAt) items.push(['Decided', <Time key="d" at={r.decidedAt} />]);
  if (r.status === 'PENDING' && r.expiresAt) items.push(['Expires unless decided', <Time key="e" at={r.expiresAt} />]);
  const needed = `${r.approvalsNeeded} approval${r.approvalsNeeded === 1 ? '' : 's'} needed`;
  items.push(['Approvers', r.approverGroups.length ? `${list(r.approverGroups)} (${needed})` : 'None: approved by the template’s policy']);
  return <Facts items={items} />;
}

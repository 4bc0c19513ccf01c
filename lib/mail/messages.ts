import 'server-only';
// The words of every mail Berth sends. Pure: the caller passes names, links and times.
export type Mail = { subject: string; text: string };

type TenantRef = { namespace: string; cluster: string; template: string; preset: string };

const what = (t: TenantRef) => `namespace ${t.namespace} on cluster ${t.cluster} (${t.template}, ${t.preset})`;

export function approvalNeededMail(p: { tenant: TenantRef; requester: string; reason: string; kind: 'NEW_TENANT' | 'DELETE_TENANT'; link: string; expiresAt: Date | null }): Mail {
  const verb = p.kind === 'DELETE_TENANT' ? 'delete' : 'create';
  return {
    subject: `Approval needed: ${verb} ${p.tenant.namespace} on ${p.tenant.cluster}`,
    text: [
      `${p.requester} asks to ${verb} ${what(p.tenant)}.`,
      '',
      `Reason: ${p.reason}`,
      '',
      `Review it under Open Approvals: ${p.link}`,
      p.expiresAt ? `Undecided, it expires at ${p.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.` : '',
    ]
      .filter((l, i, all) => l !== '' || all[i + 1] !== '')
      .join('\n')
      .trim(),
  };
}

export function requestDeniedMail(p: { tenant: TenantRef; approver: string; justification: string; kind: 'NEW_TENANT' | 'DELETE_TENANT'; link: string }): Mail {
  const verb = p.kind === 'DELETE_TENANT' ? 'delete' : 'create';
  return {
    subject: `Denied: ${verb} ${p.tenant.namespace} on ${p.tenant.cluster}`,
    text: `${p.approver} denied your request to ${verb} ${what(p.tenant)}.\n\nJustification: ${p.justification}\n\nDetails: ${p.link}`,
  };
}

export function tenantReadyMail(p: { tenant: TenantRef; link: string }): Mail {
  return {
    subject: `Ready: ${p.tenant.namespace} on ${p.tenant.cluster}`,
    text: `Your ${what(p.tenant)} is ready. You are its admin.\n\nOpen it: ${p.link}`,
  };
}

export function tenantFailedMail(p: { tenant: TenantRef; error: string; link: string }): Mail {
  return {
    subject: `Failed: ${p.tenant.namespace} on ${p.tenant.cluster}`,
    text: `Berth could not provision ${what(p.tenant)}.\n\n${p.error}\n\nA platform administrator can retry it once the cause is fixed: ${p.link}`,
  };
}

export function tenantDeletedMail(p: { tenant: TenantRef; link: string }): Mail {
  return {
    subject: `Deleted: ${p.tenant.namespace} on ${p.tenant.cluster}`,
    text: `${what(p.tenant)} was deleted from the cluster. Its history stays in Berth: ${p.link}`,
  };
}

export function requestExpiredMail(p: { tenant: TenantRef; kind: 'NEW_TENANT' | 'DELETE_TENANT'; link: string }): Mail {
  const verb = p.kind === 'DELETE_TENANT' ? 'delete' : 'create';
  return {
    subject: `Expired: ${verb} ${p.tenant.namespace} on ${p.tenant.cluster}`,
    text: `Nobody decided your request to ${verb} ${what(p.tenant)} in time, so it expired. You can make it again: ${p.link}`,
  };
}

type AccessRef = { role: string; namespace: string; cluster: string };
const access = (a: AccessRef) => `${a.role} of namespace ${a.namespace} on cluster ${a.cluster}`;
const until = (expiresAt: Date | null) => (expiresAt ? `until ${expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC` : 'until it is revoked');

export function accessApprovalNeededMail(p: { access: AccessRef; requester: string; forWhom: string | null; reason: string; durationWords: string | null; link: string }): Mail {
  return {
    subject: `Approval needed: ${p.access.role} of ${p.access.namespace} on ${p.access.cluster}`,
    text: [
      `${p.requester} asks ${p.forWhom ? `for ${p.forWhom} to be` : 'to be'} ${access(p.access)}${p.durationWords ? ` for ${p.durationWords}` : ''}.`,
      '',
      `Reason: ${p.reason}`,
      '',
      `You receive this as an admin of the tenant. Review it under Open Approvals: ${p.link}`,
    ].join('\n'),
  };
}

export function accessGrantedMail(p: { access: AccessRef; approver: string; expiresAt: Date | null; link: string }): Mail {
  return {
    subject: `Approved: ${p.access.role} of ${p.access.namespace} on ${p.access.cluster}`,
    text: `${p.approver} approved: you are now ${access(p.access)}, ${until(p.expiresAt)}. Your next token carries the role; download a kubeconfig from the tenant's Tokens page: ${p.link}`,
  };
}

export function accessDeniedMail(p: { access: AccessRef; approver: string; justification: string; link: string }): Mail {
  return {
    subject: `Denied: ${p.access.role} of ${p.access.namespace} on ${p.access.cluster}`,
    text: `${p.approver} denied your request to be ${access(p.access)}.\n\nJustification: ${p.justification}\n\nDetails: ${p.link}`,
  };
}

export function accessEndedMail(p: { access: AccessRef; why: 'revoked' | 'expired' | 'left'; by: string | null; reason: string | null; link: string }): Mail {
  const how = p.why === 'expired' ? 'Your time-bound role ended' : p.why === 'left' ? 'You left the tenant' : `${p.by ?? 'An admin'} revoked your role`;
  return {
    subject: `Access ended: ${p.access.role} of ${p.access.namespace} on ${p.access.cluster}`,
    text: `${how}: you are no longer ${access(p.access)}. Tokens issued from now on do not carry it.${p.reason ? `\n\nReason: ${p.reason}` : ''}\n\nYou can request access again: ${p.link}`,
  };
}

export function accessEndingSoonMail(p: { access: AccessRef; expiresAt: Date; link: string }): Mail {
  return {
    subject: `Ending soon: ${p.access.role} of ${p.access.namespace} on ${p.access.cluster}`,
    text: `Your role as ${access(p.access)} ends at ${p.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC. To keep it, request it again before then: ${p.link}`,
  };
}

import type { NewTenantOptionsDto } from '@/lib/db/new-tenant-options';

type Template = NewTenantOptionsDto['templates'][number];

/** What the chosen tenant type gives and whether someone must approve it, before the user types a name. */
export function TemplateSummary({ template }: { template: Template }) {
  return (
    <div className="rounded-md bg-slate-50 p-4 text-sm ring-1 ring-slate-200" data-testid="template-summary">
      <p className="text-slate-700">{template.description}</p>
      <p className="mt-2 font-medium" data-testid="template-approval">
        {template.autoApprove
          ? 'Created at once: this type needs no approval.'
          : `Needs approval by ${template.approverGroups.join(', ') || 'nobody (ask a platform admin to fix the template)'}.`}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        {template.tenantType === 'VCLUSTER' ? 'A virtual cluster' : 'A namespace'}
        {template.namePrefix ? `; its name starts with "${template.namePrefix}"` : ''}.
      </p>
    </div>
  );
}

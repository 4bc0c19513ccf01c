'use client';
import { useAction } from 'next-safe-action/hooks';
import { useState, type FormEvent } from 'react';
import { requestTenantAction } from '@/lib/actions/tenants';
import { Field, FieldError, FormError, inputClass } from '@/components/ui/field';
import type { NewTenantOptionsDto } from '@/lib/db/new-tenant-options';
import { MAX_REASON_LENGTH as MAX_REASON } from '@/lib/domain/new-tenant-form';
import { GroupPicker } from './group-picker';
import { PresetPicker } from './preset-picker';
import { TemplateSummary } from './template-summary';

type Values = { clusterId: string; template: string; name: string; preset: string; adminGroups: string[]; viewGroups: string[]; reason: string };

/**
 * New Namespace. The server checks every field and answers with one message per field; the
 * browser only shapes the choices (the chosen template's presets, prefix and name length).
 */
export function NewTenantForm({ options }: { options: NewTenantOptionsDto }) {
  const { clusters, templates, groups } = options;
  // A lone cluster is the only answer; a tenant type is always a deliberate choice.
  const [v, setV] = useState<Values>({ clusterId: clusters.length === 1 ? clusters[0]!.id : '', template: '', name: '', preset: '', adminGroups: [], viewGroups: [], reason: '' });
  const request = useAction(requestTenantAction);
  const errors: Record<string, string | undefined> = request.result.serverError?.fieldErrors ?? {};
  const template = templates.find((t) => t.name === v.template) ?? null;
  const set = <K extends keyof Values>(k: K) => (value: Values[K]) => setV((old) => ({ ...old, [k]: value }));

  function pickTemplate(name: string) {
    const next = templates.find((t) => t.name === name);
    setV((old) => ({ ...old, template: name, preset: next?.presets[0]?.name ?? '' }));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    request.execute({ form: v });
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-3xl space-y-6 rounded-lg bg-white p-6 ring-1 ring-slate-200">
      <FormError message={request.result.serverError && !Object.keys(errors).length ? request.result.serverError.message : null} />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Cluster" name="clusterId" error={errors.clusterId}>
          <select id="clusterId" className={inputClass} value={v.clusterId} onChange={(e) => set('clusterId')(e.target.value)}>
            <option value="">Choose a cluster</option>
            {clusters.map((c) => (
              <option key={c.id} value={c.id}>
                {`${c.displayName} (${c.name})${c.health === 'HEALTHY' ? '' : ` — ${c.health.toLowerCase()}`}`}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tenant type" name="template" error={errors.template}>
          <select id="template" className={inputClass} value={v.template} onChange={(e) => pickTemplate(e.target.value)}>
            <option value="">Choose a tenant type</option>
            {templates.map((t) => (
              <option key={t.name} value={t.name}>
                {t.displayName}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {template ? <TemplateSummary template={template} /> : null}
      <Field label="Name" name="name" error={errors.name} hint="Lowercase letters, digits and dashes; it becomes the namespace's name.">
        <div className="mt-1 flex rounded-md shadow-sm">
          {template?.namePrefix ? (
            <span className="inline-flex items-center rounded-l-md border border-r-0 border-slate-300 bg-slate-50 px-3 font-mono text-sm text-slate-600" data-testid="name-prefix">
              {template.namePrefix}
            </span>
          ) : null}
          <input
            id="name"
            autoComplete="off"
            maxLength={template?.maxNameLength ?? 63}
            className={`${inputClass.replace('mt-1 ', '')} font-mono ${template?.namePrefix ? 'rounded-l-none' : ''}`}
            value={v.name}
            onChange={(e) => set('name')(e.target.value)}
          />
        </div>
      </Field>
      {template?.presets.length ? <PresetPicker presets={template.presets} value={v.preset} error={errors.preset} onChange={set('preset')} /> : <FieldError name="preset" error={errors.preset} />}
      <GroupPicker legend="Grant admin to groups" name="adminGroups" groups={groups} value={v.adminGroups} taken={v.viewGroups} error={errors.adminGroups} hint="Members manage the namespace: deploy, change roles, ask to delete it. You are its admin either way." onChange={set('adminGroups')} />
      <GroupPicker legend="Grant view to groups" name="viewGroups" groups={groups} value={v.viewGroups} taken={v.adminGroups} error={errors.viewGroups} hint="Members can read what runs in the namespace." onChange={set('viewGroups')} />
      <Field label="Reason" name="reason" error={errors.reason} hint={`What the namespace is for; the approvers read this. ${v.reason.length.toLocaleString('en-US')} / ${MAX_REASON.toLocaleString('en-US')}`}>
        <textarea id="reason" rows={3} maxLength={MAX_REASON} className={inputClass} value={v.reason} onChange={(e) => set('reason')(e.target.value)} />
      </Field>
      <button type="submit" disabled={request.isPending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:bg-slate-400">
        {request.isPending ? 'Submitting…' : 'Submit Request'}
      </button>
    </form>
  );
}

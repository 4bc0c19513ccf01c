'use client';
import { useAction } from 'next-safe-action/hooks';
import { useState, type FormEvent } from 'react';
import { saveClusterAction } from '@/lib/actions/clusters';
import { Field, FormError, inputClass as input } from '@/components/ui/field';

export type ClusterFormValues = {
  name: string;
  displayName: string;
  labels: string;
  apiServerUrl: string;
  caData: string;
  authMode: 'TOKEN' | 'KUBECONFIG' | 'IN_CLUSTER';
  dashboardUrlTemplate: string;
};

/** Add or edit a cluster. Stored credentials are never sent back; leave the field empty to keep them. */
export function ClusterForm({ id, initial, hasCredentials }: { id?: string; initial: ClusterFormValues; hasCredentials: boolean }) {
  const [v, setV] = useState({ ...initial, credentials: '' });
  const save = useAction(saveClusterAction);
  const errors = save.result.serverError?.fieldErrors ?? {};
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });

  function submit(e: FormEvent) {
    e.preventDefault();
    save.execute({ id, form: v });
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-2xl space-y-5 rounded-lg bg-white p-6 ring-1 ring-slate-200">
      <FormError message={save.result.serverError && !Object.keys(errors).length ? save.result.serverError.message : null} />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field label="Name" name="name" error={errors.name} hint="Lowercase letters, digits and dashes.">
          <input id="name" className={input} value={v.name} onChange={set('name')} />
        </Field>
        <Field label="Display name" name="displayName" error={errors.displayName}>
          <input id="displayName" className={input} value={v.displayName} onChange={set('displayName')} />
        </Field>
      </div>
      <Field label="Authentication" name="authMode" error={errors.authMode}>
        <select id="authMode" className={input} value={v.authMode} onChange={set('authMode')}>
          <option value="TOKEN">Bearer token</option>
          <option value="KUBECONFIG">Kubeconfig</option>
          <option value="IN_CLUSTER">In-cluster service account (the cluster Berth runs in)</option>
        </select>
      </Field>
      {v.authMode === 'TOKEN' ? (
        <>
          <Field label="API server URL" name="apiServerUrl" error={errors.apiServerUrl}>
            <input id="apiServerUrl" className={input} placeholder="https://api.example:6443" value={v.apiServerUrl} onChange={set('apiServerUrl')} />
          </Field>
          <Field label="CA certificate (PEM)" name="caData" error={errors.caData} hint="Empty: the system's trusted CAs.">
            <textarea id="caData" rows={3} className={`${input} font-mono text-xs`} value={v.caData} onChange={set('caData')} />
          </Field>
        </>
      ) : null}
      {v.authMode !== 'IN_CLUSTER' ? (
        <>
          <Field
            label={v.authMode === 'TOKEN' ? 'Bearer token' : 'Kubeconfig'}
            name="credentials"
            error={errors.credentials}
            hint={`${v.authMode === 'KUBECONFIG' ? 'Credentials must be embedded (no exec plugins or file paths). ' : ''}${hasCredentials ? 'Stored encrypted and never shown again. Leave empty to keep the stored one.' : 'Stored encrypted and never shown again.'}`}
          >
            <textarea id="credentials" rows={v.authMode === 'TOKEN' ? 2 : 6} className={`${input} font-mono text-xs`} value={v.credentials} onChange={set('credentials')} autoComplete="off" />
          </Field>
        </>
      ) : null}
      <Field label="Labels" name="labels" error={errors.labels} hint="One key=value per line, used to select clusters.">
        <textarea id="labels" rows={3} className={`${input} font-mono text-xs`} value={v.labels} onChange={set('labels')} />
      </Field>
      <Field label="Dashboard URL template" name="dashboardUrlTemplate" error={errors.dashboardUrlTemplate} hint="Placeholders {cluster} and {namespace}.">
        <input id="dashboardUrlTemplate" className={input} value={v.dashboardUrlTemplate} onChange={set('dashboardUrlTemplate')} />
      </Field>
      <button type="submit" disabled={save.isPending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:bg-slate-400">
        {save.isPending ? 'Saving…' : id ? 'Save cluster' : 'Add cluster'}
      </button>
    </form>
  );
}

import type { ReactNode } from 'react';

export const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600';

/** The message under a field; the test id lets tests find the error of one field. */
export function FieldError({ name, error }: { name: string; error?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="mt-1 text-xs text-red-700" data-testid={`error-${name}`}>
      {error}
    </p>
  );
}

export function Field({ label, name, error, hint, children }: { label: string; name: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div>
      <label className="block text-sm font-medium text-slate-700" htmlFor={name}>
        {label}
      </label>
      {children}
      {hint ? <div className="mt-1 text-xs text-slate-500">{hint}</div> : null}
      <FieldError name={name} error={error} />
    </div>
  );
}

/** Radios and checkboxes: a fieldset, so the legend names the group for screen readers. */
export function FieldSet({ legend, name, error, hint, children }: { legend: string; name: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {hint ? <div className="mt-0.5 text-xs text-slate-500">{hint}</div> : null}
      <div className="mt-2">{children}</div>
      <FieldError name={name} error={error} />
    </fieldset>
  );
}

/** The banner for an error that belongs to no single field. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
      {message}
    </p>
  );
}

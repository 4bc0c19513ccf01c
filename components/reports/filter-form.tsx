import Link from 'next/link';
import type { ReactNode } from 'react';

export const filterInput = 'mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600';

/** A report's filters: a plain GET form, so a filtered view is a link one can share or bookmark. */
export function FilterForm({ path, label, children }: { path: string; label: string; children: ReactNode }) {
  return (
    <form method="get" action={path} aria-label={label} className="mb-4 flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200">
      {children}
      <div className="flex gap-2">
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          Apply
        </button>
        <Link href={path} className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50">
          Clear
        </Link>
      </div>
    </form>
  );
}

/** One labelled control of a FilterForm. */
export function FilterField({ label, name, children }: { label: string; name: string; children: ReactNode }) {
  return (
    <div className="min-w-36">
      <label htmlFor={name} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

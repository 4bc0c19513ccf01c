import Link from 'next/link';

const LINKS = [
  { href: '/reports', label: 'Overview' },
  { href: '/reports/access', label: 'Access' },
  { href: '/reports/access/changes', label: 'Access changes' },
  { href: '/reports/requests', label: 'Request history' },
  { href: '/reports/sign-ins', label: 'Sign-ins' },
] as const;

export type ReportHref = (typeof LINKS)[number]['href'];

/** The row of links between the Reports pages; `current` is the page it is shown on. */
export function ReportNav({ current }: { current: ReportHref }) {
  return (
    <nav aria-label="Reports" className="-mt-3 mb-6 flex flex-wrap gap-2 text-sm">
      {LINKS.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          aria-current={l.href === current ? 'page' : undefined}
          className={`rounded-md px-3 py-1.5 font-medium ring-1 ${l.href === current ? 'bg-brand-700 text-white ring-brand-700' : 'bg-white text-brand-700 ring-slate-200 hover:bg-brand-50'}`}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}

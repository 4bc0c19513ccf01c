import Link from 'next/link';

type Badge = { href: string; title: string; text: string; external?: boolean; testId: string };

/** The tenant's access badges: its dashboard, Tokens (a kubeconfig), and the command-line login. */
export function AccessBadges({ tenantId, dashboardUrl }: { tenantId: string; dashboardUrl: string | null }) {
  const badges: Badge[] = [
    ...(dashboardUrl ? [{ href: dashboardUrl, title: 'Dashboard', text: 'Open the cluster dashboard on this namespace.', external: true, testId: 'badge-dashboard' }] : []),
    { href: `/tenants/${tenantId}/tokens`, title: 'Tokens', text: 'Your groups and a kubectl configuration for this namespace.', testId: 'badge-tokens' },
    { href: `/tenants/${tenantId}/tokens#cli`, title: 'CLI login', text: 'Sign in from a terminal with the berth command.', testId: 'badge-cli' },
  ];
  return (
    <ul className="mb-6 grid gap-4 sm:grid-cols-3" aria-label="Access" data-testid="access-badges">
      {badges.map((b) => (
        <li key={b.title}>
          <Link
            href={b.href}
            data-testid={b.testId}
            {...(b.external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
            className="block h-full rounded-lg bg-white p-4 ring-1 ring-slate-200 hover:ring-blue-400 focus:outline-none focus:ring-2 focus:ring-blue-600"
          >
            <span className="block font-semibold text-blue-800">{b.title}</span>
            <span className="mt-1 block text-sm text-slate-600">{b.text}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

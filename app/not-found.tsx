import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';

export const metadata: Metadata = { title: 'Not found' };

// Berth's own 404 replaces Next.js's, whose inline style attributes the Content-Security-Policy
// refuses. Rendered per request like every page, so Next.js's scripts carry the response's
// nonce; a 404 prerendered at build time would have none.
export default async function NotFound() {
  await connection();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
        <p className="text-sm font-medium text-slate-500">404</p>
        <h1 className="mt-1 text-xl font-semibold text-slate-900">This page could not be found.</h1>
        <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:text-brand-700">
          Back to Home
        </Link>
      </div>
    </main>
  );
}

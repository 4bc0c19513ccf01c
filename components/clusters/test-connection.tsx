'use client';
import { useAction } from 'next-safe-action/hooks';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { testClusterConnectionAction } from '@/lib/actions/clusters';

/**
 * Asks the worker to probe the cluster. While a check is queued or running the page
 * refreshes itself, so the result appears when it lands.
 */
export function TestConnectionButton({ id, pending }: { id: string; pending: boolean }) {
  const router = useRouter();
  const test = useAction(testClusterConnectionAction);

  useEffect(() => {
    if (!pending) return;
    const t = setInterval(() => router.refresh(), 1000);
    return () => clearInterval(t);
  }, [pending, router]);

  return (
    <div className="flex items-center gap-3">
      <button
        type="button"
        onClick={() => test.execute({ id })}
        disabled={test.isPending || pending}
        className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
      >
        {pending ? 'Testing…' : 'Test connection'}
      </button>
      {test.result.serverError ? <span className="text-sm text-red-700">{test.result.serverError.message}</span> : null}
    </div>
  );
}

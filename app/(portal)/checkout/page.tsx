import type { Metadata } from 'next';
import Link from 'next/link';
import { CheckoutForm } from '@/components/cart/checkout-form';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { getCheckout } from '@/lib/db/cart';

export const metadata: Metadata = { title: 'Check Out' };

export default async function CheckOutPage({ searchParams }: { searchParams: Promise<{ submitted?: string }> }) {
  const actor = await requireActor();
  const items = await getCheckout(actor);
  const submitted = Number((await searchParams).submitted ?? 0);
  return (
    <>
      <PageHeader title="Check Out">Give a reason and submit the access you picked; each pick goes to that tenant’s admins.</PageHeader>
      {submitted > 0 && !items.length ? (
        <p className="mb-6 rounded-lg bg-green-50 p-4 text-sm text-green-900 ring-1 ring-green-200" role="status" data-testid="checkout-done">
          Submitted {submitted} request{submitted === 1 ? '' : 's'}; the approvers have been mailed. Follow {submitted === 1 ? 'it' : 'them'} under{' '}
          <Link href="/" className="underline">
            My Requests
          </Link>
          .
        </p>
      ) : null}
      {items.length ? <CheckoutForm items={items} /> : <EmptyState title="Your cart is empty">Use Request Access and Add To Cart first.</EmptyState>}
    </>
  );
}

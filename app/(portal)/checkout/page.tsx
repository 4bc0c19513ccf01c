import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireActor } from '@/lib/auth/actor';
import { getNavCounts } from '@/lib/db/nav-counts';

export const metadata: Metadata = { title: 'Check Out' };

export default async function CheckOutPage() {
  const actor = await requireActor();
  const { cart } = await getNavCounts(actor);
  return (
    <>
      <PageHeader title="Check Out">Give a reason and submit the access you picked.</PageHeader>
      {cart ? <p className="text-sm">{cart} item(s) in your cart.</p> : <EmptyState title="Your cart is empty">Use Request Access and Add To Cart first.</EmptyState>}
    </>
  );
}

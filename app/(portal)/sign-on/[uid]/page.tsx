import type { Metadata } from 'next';
import { SignOnForm } from '@/components/sign-on/sign-on-form';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { requireActor } from '@/lib/auth/actor';
import { findSignOn } from '@/lib/issuer/sign-on-interactions';

export const metadata: Metadata = { title: 'Sign in' };

/** Berth's sign-in and consent step of its issuer: a client asks to act as the signed-in person. */
export default async function SignOnPage({ params }: { params: Promise<{ uid: string }> }) {
  const actor = await requireActor();
  const { uid } = await params;
  const request = /^[A-Za-z0-9_-]{1,64}$/.test(uid) ? await findSignOn(uid) : null;
  if (!request) {
    return (
      <>
        <PageHeader title="Sign in" />
        <Section id="gone" title="This sign-in has ended">
          <p className="text-sm text-slate-600" data-testid="sign-on-gone">
            It expired or was already answered. Start again from your terminal or application.
          </p>
        </Section>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Sign in" />
      <Section id="sign-on" title={request.clientName}>
        <p className="mb-2 text-sm" data-testid="sign-on-text">
          <strong>{request.clientName}</strong> asks to sign in as <strong>{actor.username}</strong> ({actor.displayName}) and to receive your name, email and groups.
        </p>
        <p className="mb-4 text-sm text-slate-600">
          {request.device ? 'Continue only if you started this from your own terminal and it shows the same code.' : 'Continue only if you just started this sign-in yourself.'}
        </p>
        <SignOnForm uid={request.uid} />
      </Section>
    </>
  );
}

import type { RequestDetailDto } from '@/lib/db/request-detail';
import { Section } from '@/components/ui/section';
import { RequestFacts } from './request-facts';

/** The Request and Reason sections both the review page and the request page open with. */
export function RequestSummary({ request }: { request: RequestDetailDto }) {
  return (
    <>
      <Section id="request" title="Request">
        <RequestFacts request={request} />
      </Section>
      <Section id="reason" title="Reason">
        <p className="whitespace-pre-wrap text-sm" data-testid="request-reason">
          {request.reason}
        </p>
      </Section>
    </>
  );
}

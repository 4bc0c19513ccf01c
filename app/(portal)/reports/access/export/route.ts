import { actorOrThrow } from '@/lib/auth/actor';
import { accessCsvFilename, accessReportCsv } from '@/lib/db/access-report-csv';
import { parseAccessFilter } from '@/lib/db/access-report';
import { AppError } from '@/lib/domain/errors';
import { can } from '@/lib/domain/permissions';
import { errorResponse } from '@/lib/http/error-response';

export const dynamic = 'force-dynamic';

/** The access report as CSV, with the page's filter (`?user=&cluster=&tenant=&role=&expiring=`). */
export async function GET(request: Request) {
  try {
    const actor = await actorOrThrow();
    // Like the Reports pages: to anyone else this address does not exist.
    if (!can(actor, 'reports:view')) throw new AppError('NOT_FOUND', { userMessage: 'This page does not exist.' });
    const filter = parseAccessFilter(Object.fromEntries(new URL(request.url).searchParams));
    return new Response(accessReportCsv(actor, filter), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${accessCsvFilename()}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (e) {
    return errorResponse(e, 'access-export');
  }
}

// Public on purpose: load balancers and the test harness probe it; it reveals nothing.
import { pingDatabase } from '@/lib/db/health';

export const dynamic = 'force-dynamic';

export async function GET() {
  const database = await pingDatabase();
  return Response.json({ status: database ? 'ok' : 'degraded', database }, { status: database ? 200 : 503 });
}

import 'server-only';
import { db } from './client';

/**
 * Whether the database answers `SELECT 1` within `timeoutMs`: a probe must get its answer even
 * when the database is unreachable rather than refusing (connections then hang).
 */
export async function pingDatabase(timeoutMs = 3_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([db.$queryRaw`SELECT 1`.then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

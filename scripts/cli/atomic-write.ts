// Owner-only files written so a reader never sees half of one: a temporary file in the same
// directory (so rename stays on one file system), created 0600, flushed, then renamed over.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temp, 'wx', mode);
  try {
    // The umask may have removed bits from `mode`; set exactly what was asked.
    await file.chmod(mode);
    await file.writeFile(data, 'utf8');
    await file.sync();
    await file.close();
    await rename(temp, path);
  } catch (err) {
    await file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
}

import 'server-only';
import { hostname } from 'node:os';
import pg from 'pg';
import { z } from 'zod';
import { databaseEnv } from '@/lib/env';
import { claimJobs, completeJob, failJob, type ClaimedJob } from '@/lib/db/job-leases';
import { JOB_CHANNEL } from '@/lib/db/outbox';
import { isJobKind, JOB_KINDS, type JobKind } from '@/lib/domain/jobs';
import { isPermanent, PermanentJobError } from '@/lib/domain/permanent-error';
import { handlers } from './handlers';
import type { JobHandler } from './job-handler';
import { scheduleRecurring } from './schedule';

export type WorkerOptions = { concurrency?: number; pollMs?: number; leaseMs?: number; listen?: boolean; log?: (line: string) => void };

/**
 * Runs jobs until stopped: wakes on NOTIFY (low pickup latency) and polls as a fallback
 * (delayed retries, lost notifications). Any number of workers can run side by side.
 */
export function startWorker(opts: WorkerOptions = {}) {
  const { concurrency = 4, pollMs = 1_000, leaseMs = 300_000, listen = true, log = (l: string) => console.log(l) } = opts;
  const workerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  let running = 0;
  let stopped = false;
  let wake: (() => void) | null = null;
  // A notification (or a finished job) that arrives while the loop is claiming, not sleeping,
  // must not be lost: it is remembered and the next sleep is skipped.
  let poked = false;
  const poke = () => {
    poked = true;
    wake?.();
  };
  const listener = listen ? new pg.Client({ connectionString: databaseEnv().DATABASE_URL }) : null;

  async function run(job: ClaimedJob) {
    let handler: JobHandler<JobKind> | undefined;
    let payload: unknown;
    try {
      if (!isJobKind(job.kind)) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      handler = handlers[job.kind] as JobHandler<JobKind>;
      // A payload its kind's schema refuses will never parse: no point retrying it.
      const parsed = JOB_KINDS[job.kind].payload.safeParse(job.payload);
      if (!parsed.success) throw new PermanentJobError(`the payload of this ${job.kind} job is not valid: ${z.prettifyError(parsed.error)}`);
      payload = parsed.data;
      await handler.run(payload as never, { attempt: job.attempts, maxAttempts: job.maxAttempts, final: job.attempts >= job.maxAttempts });
      await completeJob(job.id, workerId);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const final = await failJob(job, workerId, message, isPermanent(e));
      log(`[worker] ${job.kind} ${job.id} attempt ${job.attempts}/${job.maxAttempts} failed: ${message}`);
      if (final && payload !== undefined && handler?.onFinalFailure) await handler.onFinalFailure(payload as never, message).catch((err: unknown) => log(`[worker] onFinalFailure: ${String(err)}`));
    }
  }

  async function loop() {
    if (listener) {
      await listener.connect();
      await listener.query(`LISTEN ${JOB_CHANNEL}`);
      listener.on('notification', poke);
    }
    while (!stopped) {
      poked = false;
      await scheduleRecurring().catch((e: unknown) => log(`[worker] scheduling failed: ${String(e)}`));
      const free = concurrency - running;
      const jobs = free > 0 ? await claimJobs(workerId, free, leaseMs).catch((e: unknown) => (log(`[worker] claim failed: ${String(e)}`), [])) : [];
      for (const job of jobs) {
        running++;
        void run(job)
          .catch((e: unknown) => log(`[worker] ${job.kind} ${job.id}: could not record the outcome: ${String(e)}`))
          .finally(() => {
            running--;
            poke();
          });
      }
      if ((jobs.length === 0 || running >= concurrency) && !poked) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = null;
      }
    }
  }

  const done = loop();
  return {
    workerId,
    /** Settles when the worker stops; rejects if it cannot run (e.g. no database). */
    done,
    async stop() {
      stopped = true;
      wake?.();
      await done.catch(() => undefined);
      await listener?.end().catch(() => undefined);
    },
  };
}

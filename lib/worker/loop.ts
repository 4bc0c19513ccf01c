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
  // Health: the time of the last round, which comes at least every pollMs while the loop is alive.
  let lastTick = Date.now();
  // The LISTEN connection, opened at the top of a round whenever it is not up, so a database that
  // is not there yet or restarts costs notifications (the poll still finds the work), never the worker.
  let listener: pg.Client | null = null;
  let listenerLost = false;
  async function listenForJobs() {
    if (!listen || listener) return;
    const client = new pg.Client({ connectionString: databaseEnv().DATABASE_URL, connectionTimeoutMillis: 5_000 });
    const lost = (e: unknown) => {
      if (!listenerLost) log(`[worker] job notifications stopped, polling meanwhile: ${e instanceof Error ? e.message : String(e)}`);
      listenerLost = true;
      if (listener === client) listener = null;
      void client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('notification', poke);
    try {
      await client.connect();
      await client.query(`LISTEN ${JOB_CHANNEL}`);
      listener = client;
      if (listenerLost) log('[worker] job notifications resumed');
      listenerLost = false;
    } catch (e) {
      lost(e);
    }
  }

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
    while (!stopped) {
      lastTick = Date.now();
      poked = false;
      await listenForJobs();
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
    /** Settles when the worker stops. */
    done,
    /** When the loop last went round (epoch ms); a loop stuck for long is unhealthy. */
    lastTickAt: () => lastTick,
    async stop() {
      stopped = true;
      wake?.();
      await done.catch(() => undefined);
      await listener?.end().catch(() => undefined);
    },
  };
}

import 'server-only';
import { bulkOf } from '@/lib/bulk/kinds';
import { MEMBERS_BULK, membersBulkHandler } from '@/lib/bulk/members-bulk';
import { USERS_BULK, usersBulkHandler } from '@/lib/bulk/users-bulk';
import { ACTIVITY_TABLES, sampleOnline } from '@/lib/console/activity';
import { grantApp } from '@/lib/console/app-access';
import { forgetAudit, recordAudit } from '@/lib/console/audit';
import { getOperator } from '@/lib/console/operators';
import { can, type Permission } from '@/lib/console/roles';
import { compactActivity } from '@/lib/db/activity';
import { env } from '@/lib/env';
import { MEMBERS_IMPORT, membersImportHandler } from '@/lib/imports/members-import';
import { USERS_IMPORT, usersImportHandler } from '@/lib/imports/users-import';
import { jobEndText } from '@/lib/jobs/end-text';
import { type JobEnd, JobRunner, type JobWork } from '@/lib/jobs/runner';
import { type Job, JobStore } from '@/lib/jobs/store';
import { type RecurringTask, runIfDue } from '@/lib/jobs/tasks';
import { appRegistry } from '@/lib/server/apps';
import { consoleDb } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { onShutdown } from '@/lib/server/shutdown';
import { presenceStore, webhookStore } from '@/lib/server/webhooks';
import { sourcesFor } from '@/lib/sources';

/**
 * Work without a request: this process's job runner, with a handler per kind of job, and the
 * recurring tasks (retention). Started once per server process (instrumentation.ts); every
 * instance runs one, and the leases in the database decide who runs what.
 */
const KEY = Symbol.for('mesibo-admin.jobs');
type Holder = { [KEY]?: Promise<{ runner: JobRunner; store: JobStore }> };

/**
 * A job acts for the operator who started it, and only while that operator may still: an
 * operator since disabled, deleted, moved to a role without the permission or off the app
 * ends the job (failed, saying why) rather than acting in their name.
 */
async function sourcesOf(work: JobWork, permission: Permission, what: string) {
  const db = await consoleDb();
  const app = await (await appRegistry()).get(work.job.appId);
  if (!app) return 'The app was deleted.';
  const operator = work.job.operatorId === undefined ? undefined : await getOperator(db, work.job.operatorId);
  if (!operator || operator.disabled) return `${work.job.operatorEmail}, who started it, can no longer sign in.`;
  if (!can(operator.role, permission)) return `${operator.email}, who started it, may no longer change ${what}.`;
  const access = grantApp(operator, app);
  if (!access) return `${operator.email}, who started it, may no longer use this app.`;
  return sourcesFor(access);
}
const usersFor = async (work: JobWork) => {
  const sources = await sourcesOf(work, 'users.edit', 'users');
  return typeof sources === 'string' ? sources : sources.users;
};
const membersFor = (work: JobWork) => sourcesOf(work, 'groups.edit', 'groups');
/** A bulk action needs, until its end, what its single action needs. */
const bulkFor = (work: JobWork) =>
  sourcesOf(
    work,
    bulkOf(work.job)?.spec.permission ?? 'users.edit',
    work.job.kind === MEMBERS_BULK ? 'groups' : 'these users',
  );

/** What an ok row of a job did, as its end's entry says it. */
function doneWord(job: Job): string {
  const bulk = bulkOf(job);
  if (bulk) return bulk.spec.done;
  return ({ [USERS_IMPORT]: 'imported', [MEMBERS_IMPORT]: 'added' } as Record<string, string>)[job.kind] ?? 'done';
}
/** Rows named per reason in the entry: enough to read the first of each, never the whole file. */
const PROBLEMS_READ = 100;

/** The job's end in the audit log: exactly what its rows did, the first that did not named, and whether it was cancelled. */
async function auditEnd(job: Job, store: JobStore) {
  const problems = await store.results(job.id, 0, PROBLEMS_READ, true);
  await recordAudit(await consoleDb(), {
    operatorId: job.operatorId,
    operatorEmail: job.operatorEmail,
    role: 'job',
    action: `${job.kind}.end`,
    target: `job ${job.id} (${job.title})`,
    outcome: job.state === 'done' ? 'ok' : 'failed',
    detail: jobEndText(job, doneWord(job), problems),
    appId: job.appId,
  });
}

function start() {
  return (async () => {
    const e = env();
    const store = new JobStore(await consoleDb());
    const runner = new JobRunner(store, {
      handlers: {
        [USERS_IMPORT]: usersImportHandler({ usersFor, concurrency: e.IMPORT_CONCURRENCY }),
        [MEMBERS_IMPORT]: membersImportHandler({ sourcesFor: membersFor, concurrency: e.IMPORT_CONCURRENCY }),
        [USERS_BULK]: usersBulkHandler({ sourcesFor: bulkFor, db: consoleDb, concurrency: e.IMPORT_CONCURRENCY }),
        [MEMBERS_BULK]: membersBulkHandler({ sourcesFor: bulkFor, db: consoleDb }),
      },
      leaseMs: e.JOB_LEASE_SECONDS * 1000,
      onEnd: (job) => auditEnd(job, store),
      onError: (err, job) => log().error({ err, job: job?.id }, 'job runner error'),
    });
    runner.start();
    const retention: RecurringTask = {
      name: 'jobs.retention',
      everyMs: 60 * 60 * 1000,
      async run() {
        const now = Math.floor(Date.now() / 1000);
        const gone = await store.forget(now - e.JOB_RETENTION_DAYS * 86_400, now - 86_400);
        if (gone) log().info({ jobs: gone }, 'jobs past retention forgotten');
      },
    };
    const webhookRetention: RecurringTask = {
      name: 'webhooks.retention',
      everyMs: 60 * 60 * 1000,
      async run() {
        const gone = await (await webhookStore()).forget(Date.now() - e.WEBHOOK_RETENTION_DAYS * 86_400_000);
        if (gone) log().info({ deliveries: gone }, 'webhook deliveries past retention forgotten');
      },
    };
    const auditRetention: RecurringTask = {
      name: 'audit.retention',
      everyMs: 24 * 60 * 60 * 1000,
      async run() {
        if (e.AUDIT_RETENTION_DAYS === 0) return; // kept forever
        const db = await consoleDb();
        const gone = await forgetAudit(db, Math.floor(Date.now() / 1000) - e.AUDIT_RETENTION_DAYS * 86_400);
        if (!gone) return;
        log().info({ entries: gone }, 'audit entries past retention removed');
        // The log says so itself: a gap in it is explained where an auditor looks.
        await recordAudit(db, {
          operatorEmail: 'console',
          role: '-',
          action: 'audit.retention',
          target: 'audit log',
          outcome: 'ok',
          detail: `${gone.toLocaleString('en')} entries older than ${e.AUDIT_RETENTION_DAYS} days removed (AUDIT_RETENTION_DAYS).`,
        });
      },
    };
    // Users online per quarter hour, for the Overview's chart (apps whose webhooks are on).
    const onlineSamples: RecurringTask = {
      name: 'presence.online',
      everyMs: 5 * 60 * 1000,
      async run() {
        await sampleOnline(await consoleDb(), await presenceStore());
      },
    };
    const activityFolding: RecurringTask = {
      name: 'activity.compact',
      everyMs: 60 * 60 * 1000,
      async run() {
        const db = await consoleDb();
        const before = Math.floor(Date.now() / 1000) - 3600;
        for (const table of ACTIVITY_TABLES) await compactActivity(db, table, before);
      },
    };
    const tasks = setInterval(() => {
      void consoleDb()
        .then(async (db) => {
          await runIfDue(db, onlineSamples, runner.owner, 60 * 1000);
          await runIfDue(db, activityFolding, runner.owner, 5 * 60 * 1000);
          await runIfDue(db, retention, runner.owner, 5 * 60 * 1000);
          await runIfDue(db, webhookRetention, runner.owner, 5 * 60 * 1000);
          await runIfDue(db, auditRetention, runner.owner, 5 * 60 * 1000);
        })
        .catch((err) => log().error({ err }, 'recurring task failed'));
    }, 60_000);
    tasks.unref();
    onShutdown(() => runner.stop());
    return { runner, store };
  })();
}

/** This process's jobs: the runner (started on first use) and the store. */
export function jobs(): Promise<{ runner: JobRunner; store: JobStore }> {
  const g = globalThis as Holder;
  g[KEY] ??= start();
  return g[KEY];
}

export type { Job, JobEnd };

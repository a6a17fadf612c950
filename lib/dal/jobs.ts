import 'server-only';
import { requireOperator } from '@/lib/auth/session';
import { jobs } from '@/lib/background/jobs';
import { bulkOf } from '@/lib/bulk/kinds';
import { mayUseApp } from '@/lib/console/app-access';
import type { Operator } from '@/lib/console/operators';
import { csvRecords } from '@/lib/csv/write';
import { appHref, groupHref } from '@/lib/domain/app-paths';
import { env } from '@/lib/env';
import { ConsoleError } from '@/lib/errors';
import { problemOf } from '@/lib/imports/staging';
import type { Job, ResultRow } from '@/lib/jobs/store';
import { appRegistry } from '@/lib/server/apps';

/**
 * Jobs as the console shows them: everyone sees the jobs of the apps they may use (admins:
 * all); Cancel and Resume are for the job's operator and for admins.
 */
export type JobStateShown = Job['state'] | 'waiting';
/** What the browser gets of a job: never its options, summary or lease. */
type Shown =
  | 'id'
  | 'kind'
  | 'appId'
  | 'operatorEmail'
  | 'title'
  | 'message'
  | 'total'
  | 'done'
  | 'ok'
  | 'skipped'
  | 'failed'
  | 'unconfirmed'
  | 'createdTs'
  | 'startedTs'
  | 'finishedTs'
  | 'cancelRequested';
export interface JobView extends Pick<Job, Shown> {
  kindLabel: string;
  appName: string;
  /** `waiting`: running, but its instance stopped renewing its lease: another takes it over when it ends. */
  state: JobStateShown;
  /** This operator may cancel or resume it. */
  canControl: boolean;
  /** Paused or cancelled with rows not yet run: Resume goes on with them. */
  resumable: boolean;
  /** What the job changes, to open it: the app's users, or the group members were imported into. */
  applies: { href: string; label: string };
}

const KIND_LABELS: Record<string, string> = { 'users.import': 'Import users', 'members.import': 'Import members' };
/** A bulk action's own words ("Deactivate users"); an import's kind. */
const kindLabel = (job: Job) => bulkOf(job)?.spec.title ?? KIND_LABELS[job.kind] ?? job.kind;
const PAGE = 25;

/**
 * A running job's instance renews its lease every third of it, so a healthy job always has
 * two thirds of a lease left (less a second of slack): less means its server stopped (killed,
 * or handed it back on shutdown), and another instance takes it over when the lease ends.
 */
function missedRenewal(job: Job): boolean {
  const leaseMs = env().JOB_LEASE_SECONDS * 1000;
  return job.leaseUntil - Date.now() < (leaseMs * 2) / 3 - 1000;
}

const mayControl = (operator: Operator, job: Job) => operator.role === 'admin' || job.operatorId === operator.id;

/**
 * The names of the jobs' apps: every app's, read once for a page of jobs (the list is read again
 * every 2 s while one runs), or one app's for one job (its page is read every second).
 */
async function appNames(only?: number): Promise<Map<number, string>> {
  const registry = await appRegistry();
  if (only === undefined) return new Map((await registry.list()).map((a) => [a.id, a.name]));
  const app = await registry.get(only);
  return new Map(app ? [[app.id, app.name]] : []);
}

function view(operator: Operator, job: Job, names: Map<number, string>): JobView {
  return {
    id: job.id,
    kind: job.kind,
    kindLabel: kindLabel(job),
    appId: job.appId,
    appName: names.get(job.appId) ?? `app ${job.appId}`,
    operatorEmail: job.operatorEmail,
    state: job.state === 'running' && missedRenewal(job) ? 'waiting' : job.state,
    title: job.title,
    message: job.message,
    total: job.total,
    done: job.done,
    ok: job.ok,
    skipped: job.skipped,
    failed: job.failed,
    unconfirmed: job.unconfirmed,
    createdTs: job.createdTs,
    startedTs: job.startedTs,
    finishedTs: job.finishedTs,
    cancelRequested: job.cancelRequested,
    canControl: mayControl(operator, job),
    resumable: (job.state === 'paused' || job.state === 'cancelled') && job.done < job.total,
    applies: appliesTo(job),
  };
}

function appliesTo(job: Job): JobView['applies'] {
  const gid = bulkOf(job)?.gid ?? (job.kind === 'members.import' ? Number(job.options.gid) : 0);
  if (gid > 0) return { href: groupHref(job.appId, gid), label: `Group ${gid}` };
  return { href: appHref(job.appId, '/users'), label: 'Users' };
}

/** A job this operator may see (of an app it may use), else not found: another's job is not even confirmed to exist. */
async function visibleJob(operator: Operator, id: number): Promise<Job> {
  const job = await (await jobs()).store.get(id);
  if (!job || job.state === 'draft' || !mayUseApp(operator, job.appId))
    throw new ConsoleError('not_found', `There is no job ${id}.`);
  return job;
}

export async function listJobs(cursor?: string) {
  const operator = await requireOperator();
  const { store } = await jobs();
  const rows = await store.list(operator.apps, cursor ? Number(cursor) : undefined, PAGE + 1);
  const names = await appNames();
  const page = rows.slice(0, PAGE).map((j) => view(operator, j, names));
  return { rows: page, next: rows.length > PAGE ? String(page[page.length - 1].id) : undefined };
}

export async function getJob(id: number) {
  const operator = await requireOperator();
  const job = await visibleJob(operator, id);
  return view(operator, job, await appNames(job.appId));
}

async function controlled(id: number) {
  const operator = await requireOperator();
  const job = await visibleJob(operator, id);
  if (!mayControl(operator, job))
    throw new ConsoleError(
      'forbidden',
      'Only the operator who started this job, or an admin, may cancel or resume it.',
    );
  return { operator, job };
}

export async function cancelJob(id: number) {
  const { job } = await controlled(id);
  const { store, runner } = await jobs();
  if (!(await store.cancel(job.id))) throw new ConsoleError('conflict', `Job ${id} has already ended.`);
  runner.nudge();
  return { id, title: job.title, appId: job.appId };
}

export async function resumeJob(id: number) {
  const { job } = await controlled(id);
  const { store, runner } = await jobs();
  if (!(await store.resume(job.id)))
    throw new ConsoleError(
      'conflict',
      `Job ${id} has nothing to resume: it is not paused or cancelled with rows left.`,
    );
  runner.nudge();
  return { id, title: job.title, appId: job.appId };
}

/** A job's row as its page lists it: the outcome in words, the reason, and whether its key is an address to open. */
export interface JobRowView {
  n: number;
  line: number;
  key: string;
  outcome: 'Done' | 'Skipped' | 'Invalid' | 'Failed' | 'Unconfirmed' | 'Not run';
  message: string;
}
const ROW_PAGE = 25;

const OUTCOME_WORDS: Record<ResultRow['outcome'], JobRowView['outcome']> = {
  ok: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
  unconfirmed: 'Unconfirmed',
  '': 'Not run',
};

/** An invalid row is skipped for its problem: said as Invalid, with the problem's reason. */
const rowView = (r: ResultRow): JobRowView => ({
  n: r.n,
  line: r.line,
  key: r.key,
  outcome: r.problem ? 'Invalid' : OUTCOME_WORDS[r.outcome],
  message: r.message || problemOf(r.problem)?.reason || '',
});

/** A page of a job's rows in file order (`problems`: only those that failed, went unconfirmed or were invalid). */
export async function listJobRows(id: number, problems: boolean, cursor?: string) {
  const operator = await requireOperator();
  const job = await visibleJob(operator, id);
  const { store } = await jobs();
  const rows = await store.results(job.id, cursor ? Number(cursor) : 0, ROW_PAGE + 1, problems);
  const page = rows.slice(0, ROW_PAGE).map(rowView);
  return { rows: page, next: rows.length > ROW_PAGE ? String(page[page.length - 1].n) : undefined };
}

const RESULT_PAGE = 2000;
export const RESULT_COLUMNS = ['row', 'line', 'key', 'outcome', 'message'];

/** The per-row results as CSV, read a page at a time (a million rows never sit in memory). */
export async function jobResultsCsv(id: number): Promise<{ job: JobView; chunks: AsyncIterable<string> }> {
  const operator = await requireOperator();
  const job = await visibleJob(operator, id);
  const { store } = await jobs();
  const chunks = (async function* () {
    yield csvRecords([RESULT_COLUMNS]);
    let after = 0;
    for (;;) {
      const rows = await store.results(job.id, after, RESULT_PAGE);
      if (rows.length === 0) return;
      after = rows[rows.length - 1].n;
      yield csvRecords(
        rows.map((r) => [
          String(r.n),
          String(r.line),
          r.key,
          r.outcome || (r.problem ? 'invalid' : 'not run'),
          r.message || problemOf(r.problem)?.reason || '',
        ]),
      );
    }
  })();
  return { job: view(operator, job, await appNames(job.appId)), chunks };
}

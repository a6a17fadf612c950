import { activitySql } from '@/lib/db/activity';
import { d } from '@/lib/db/history';
import type { Migration } from '@/lib/db/migrate';
import { countChangeSql, rowCountsSql } from '@/lib/db/row-counts';
import { ensureIndexes, searchKeysSql } from '@/lib/db/search-keys';
import { PROBLEM_ROWS } from '@/lib/jobs/store';
import { DIRECTORY_ACTIVITY, DIRECTORY_ACTIVITY_TABLE } from './activity';
import { backfillAuditSubjects } from './audit-subjects';
import {
  DIRECTORY_COUNTS,
  DIRECTORY_GROUPS_KEYED,
  DIRECTORY_KEYED,
  DIRECTORY_WORDS_INDEX,
  prepareDirectoryGroupSearch,
  prepareDirectorySearch,
} from './directory-search';

/**
 * The console's migrations (its directory, its audit log), continuing the shared history of
 * lib/db/history.ts. The Backend API's own are in lib/backend/migrations.ts; both are applied
 * in one ordered history by lib/db/migrate.ts, so a version number is taken once.
 */
const DIRECTORY_COUNTS_TABLE = { table: DIRECTORY_COUNTS, apps: 'console_apps' };

export const CONSOLE_MIGRATIONS: Migration[] = [
  {
    version: 11,
    name: "the uid the backend gave a user in the console's directory",
    // Learned from the backend's answer (useradd and usertoken carry it); 0 where it never said.
    sql: () => 'ALTER TABLE directory_users ADD COLUMN uid BIGINT NOT NULL DEFAULT 0;',
  },
  {
    version: 12,
    name: 'repeated audit entries counted on one row',
    // A refusal or a read repeated by one session within a minute adds to `repeats` (and
    // moves `last_ts`) instead of writing another row: the log cannot be flooded.
    sql: () => `ALTER TABLE audit_log ADD COLUMN repeats BIGINT NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN last_ts BIGINT NOT NULL DEFAULT 0;`,
  },
  {
    version: 13,
    name: 'jobs: long work that survives restarts, with a per-row outcome, and recurring tasks under a lease',
    sql: (dialect) => {
      const { id, bytes, clustered } = d(dialect);
      return `
CREATE TABLE jobs (
  id ${id},
  kind TEXT NOT NULL, -- what it does: users.import
  app_id BIGINT NOT NULL REFERENCES console_apps(id) ON DELETE CASCADE,
  operator_id BIGINT, -- who started it; its e-mail is kept for when the operator is gone
  operator_email TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL, -- draft (checked, not started) | queued | running | paused | cancelled | done | failed
  title TEXT NOT NULL DEFAULT '', -- what the operator sees (an import's file name)
  options TEXT NOT NULL DEFAULT '{}', -- JSON: the kind's settings
  summary TEXT NOT NULL DEFAULT '{}', -- JSON: the dry run's totals and first problems
  message TEXT NOT NULL DEFAULT '', -- why it paused or failed
  total BIGINT NOT NULL DEFAULT 0,
  done BIGINT NOT NULL DEFAULT 0,
  ok BIGINT NOT NULL DEFAULT 0,
  skipped BIGINT NOT NULL DEFAULT 0,
  failed BIGINT NOT NULL DEFAULT 0,
  unconfirmed BIGINT NOT NULL DEFAULT 0,
  streak BIGINT NOT NULL DEFAULT 0, -- failures in a row (20 pause it)
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT NOT NULL DEFAULT '', -- the instance running it
  lease_until BIGINT NOT NULL DEFAULT 0, -- epoch ms; past it, another instance may take it over
  created_ts BIGINT NOT NULL,
  started_ts BIGINT NOT NULL DEFAULT 0,
  finished_ts BIGINT NOT NULL DEFAULT 0,
  updated_ts BIGINT NOT NULL
);
-- At most one running job per app and kind, on every instance: a second claim fails here.
CREATE UNIQUE INDEX jobs_one_running ON jobs (app_id, kind) WHERE state = 'running';
CREATE INDEX jobs_state ON jobs (state, id);
CREATE INDEX jobs_app ON jobs (app_id, id);
CREATE TABLE job_rows (
  job_id BIGINT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  n BIGINT NOT NULL, -- the row's number in the file (1: the first after the header)
  line BIGINT NOT NULL, -- the file's line it starts on
  row_key TEXT${bytes} NOT NULL, -- what identifies it (an address)
  data TEXT NOT NULL, -- JSON: the row's values, as the file gave them
  problem TEXT NOT NULL DEFAULT '', -- why the dry run found it invalid ('': valid)
  plan TEXT NOT NULL DEFAULT '', -- what the dry run expects it to do: new | same | change ('': not known)
  outcome TEXT NOT NULL DEFAULT '', -- '' not yet | ok | skipped | failed | unconfirmed
  message TEXT NOT NULL DEFAULT '',
  sent_ts BIGINT NOT NULL DEFAULT 0, -- epoch ms its request left for a remote backend (0: not sent)
  PRIMARY KEY (job_id, n)
)${clustered};
CREATE INDEX job_rows_key ON job_rows (job_id, row_key);
CREATE TABLE job_tasks (
  name TEXT PRIMARY KEY, -- a recurring task (retention)
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_run BIGINT NOT NULL DEFAULT 0
);`;
    },
  },
  {
    version: 14,
    name: 'webhooks: a receiver per app, its deliveries, and the presence they report',
    sql: (dialect) => {
      const { id, bytes, clustered } = d(dialect);
      return `
CREATE TABLE webhooks (
  app_id BIGINT PRIMARY KEY REFERENCES console_apps(id) ON DELETE CASCADE,
  hook_hash TEXT NOT NULL UNIQUE, -- SHA-256 of the URL's id: how a delivery finds its app
  hook_sealed TEXT NOT NULL, -- the URL's id, sealed under the server key (shown to admins and operators)
  secret_sealed TEXT NOT NULL, -- the version 1 secret, sealed under the server key
  enabled INTEGER NOT NULL DEFAULT 0,
  versions TEXT NOT NULL DEFAULT '1,2', -- the envelope versions accepted: '1' or '1,2'
  mesibo_aid TEXT NOT NULL DEFAULT '', -- when set, a delivery of another aid is refused
  last_delivery_ts BIGINT NOT NULL DEFAULT 0, -- epoch ms of the last accepted delivery
  created_ts BIGINT NOT NULL,
  changed_ts BIGINT NOT NULL
);
CREATE TABLE webhook_deliveries (
  id ${id},
  app_id BIGINT NOT NULL REFERENCES console_apps(id) ON DELETE CASCADE,
  ts BIGINT NOT NULL, -- epoch ms it arrived
  version INTEGER NOT NULL DEFAULT 0, -- the envelope's v (0: the legacy form)
  aid TEXT NOT NULL DEFAULT '',
  types TEXT NOT NULL DEFAULT '', -- its events' types, each between spaces (' user message ')
  addresses TEXT${bytes} NOT NULL DEFAULT '', -- its events' addresses, each between new lines
  events INTEGER NOT NULL DEFAULT 0,
  result TEXT NOT NULL, -- accepted | refused
  reason TEXT NOT NULL DEFAULT '', -- why it was refused
  status INTEGER NOT NULL, -- the HTTP status answered
  test INTEGER NOT NULL DEFAULT 0, -- Send test delivery: listed, changes no user
  body TEXT NOT NULL DEFAULT '', -- the body as received, the secret replaced
  body_hash TEXT NOT NULL DEFAULT '', -- SHA-256 of the body: one received again within 24 hours is a duplicate
  changes TEXT NOT NULL DEFAULT '[]' -- JSON: what it changed
);
CREATE INDEX webhook_deliveries_app ON webhook_deliveries (app_id, result, id);
-- One accepted delivery per body: a second instance receiving it again stores nothing.
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (app_id, body_hash) WHERE body_hash <> '';
CREATE TABLE presence (
  app_id BIGINT NOT NULL REFERENCES console_apps(id) ON DELETE CASCADE,
  address TEXT${bytes} NOT NULL,
  online INTEGER NOT NULL,
  event_ts BIGINT NOT NULL, -- the event's ts (ms): an older event never overwrites a newer one
  PRIMARY KEY (app_id, address)
)${clustered};
CREATE INDEX presence_seen ON presence (app_id, event_ts);`;
    },
  },
  {
    version: 15,
    name: 'presence indexed for Online now only; the last delivery read from the deliveries',
    // An index of every user's last event moved one entry per event: a random page written
    // twice an event, half the receiver's cost at 20,000 events a second. Online now (its list
    // and its count) needs only the users online, where an online event lands at the index's
    // newest end. Last seen first reads the app's presence rows in order instead.
    // And webhooks.last_delivery_ts, which every delivery of an app updated: one row they all
    // waited on (on PostgreSQL, one commit after another); the newest delivery's row says it.
    sql: () => `DROP INDEX presence_seen;
CREATE INDEX presence_online ON presence (app_id, event_ts) WHERE online = 1;
ALTER TABLE webhooks DROP COLUMN last_delivery_ts;`,
  },
  {
    version: 18,
    name: "search keys and counts of the console's directory of users",
    // As the bundled backend's users (migrations 16, 17): the address in lower case and the
    // words of the name, filled after the migrations (prepareDirectorySearch), and counts kept
    // per app by triggers.
    sql: (dialect) =>
      searchKeysSql(dialect, DIRECTORY_KEYED, DIRECTORY_WORDS_INDEX) +
      rowCountsSql(dialect, DIRECTORY_COUNTS_TABLE, ['directory_users']),
    after: prepareDirectorySearch,
  },
  {
    version: 20,
    name: "search keys and counts of the console's directory of groups",
    sql: (dialect) =>
      searchKeysSql(dialect, DIRECTORY_GROUPS_KEYED) +
      rowCountsSql(dialect, { ...DIRECTORY_COUNTS_TABLE, exists: true }, ['directory_groups']),
    after: prepareDirectoryGroupSearch,
  },
  {
    version: 21,
    name: "the console's directory: a user's groups, by address",
    sql: () => 'CREATE INDEX directory_members_address ON directory_members (app_id, address, gid);',
  },
  {
    version: 23,
    name: "the console's directory of messages by time",
    sql: () => '-- the index is built after the migrations',
    after: (db) => ensureIndexes(db, [['directory_messages_app_ts', 'directory_messages (app_id, ts, id)']]),
  },
  {
    version: 24,
    name: "a job's rows that did not go as the file asked, for its page",
    // Partial: a row enters only when it fails or is invalid, so a million rows that succeed
    // cost the index nothing.
    sql: () => '-- the index is built after the migrations',
    after: (db) => ensureIndexes(db, [['job_rows_problems', `job_rows (job_id, n) WHERE ${PROBLEM_ROWS}`]]),
  },
  {
    version: 25,
    name: 'the audit log by time (its retention, and a range of days); what each change changed',
    // changes: JSON, what a change changed field by field (lib/domain/audit-changes.ts); '' where not said.
    sql: () => "ALTER TABLE audit_log ADD COLUMN changes TEXT NOT NULL DEFAULT '';",
    after: (db) => ensureIndexes(db, [['audit_log_ts', 'audit_log (ts, id)']]),
  },
  {
    version: 26,
    name: 'the audit log by target (everything done to a user, a group, an operator) and by outcome',
    // Each entry's subjects (lib/domain/audit-targets.ts), one row each: an entry names several
    // (a group and its members). Gone with their entry. Entries written before this version
    // are given theirs after it, newest first (`below`: the oldest entry done so far).
    sql: (dialect) => {
      const { bytes, clustered } = d(dialect);
      return `CREATE TABLE audit_subjects (
  subject TEXT${bytes} NOT NULL,
  audit_id BIGINT NOT NULL REFERENCES audit_log(id) ON DELETE CASCADE,
  PRIMARY KEY (subject, audit_id)
)${clustered};
CREATE INDEX audit_subjects_entry ON audit_subjects (audit_id);
CREATE TABLE audit_subjects_backfill (below BIGINT NOT NULL);
INSERT INTO audit_subjects_backfill (below) SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log;`;
    },
    after: async (db, log) => {
      await ensureIndexes(db, [['audit_log_outcome', 'audit_log (outcome, id)']]);
      await backfillAuditSubjects(db, log);
    },
  },
  {
    version: 27,
    name: "two-factor sign-in, each session's client and stage, and the console's own settings",
    // totp_sealed: the operator's TOTP secret sealed under the server key ('' = two-factor off);
    // totp_pending_sealed: one being set up, on only once a code from it is typed;
    // totp_last_step: the newest time step a code was accepted for (each code is taken once).
    // Recovery codes are kept as SHA-256 hashes of 79-bit random codes, each used once.
    // A session's stage: 'code' after the password while the second factor is awaited, then
    // 'full'; `version` is the operator's session version it began under (listing live ones).
    sql: () => `ALTER TABLE operators ADD COLUMN totp_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE operators ADD COLUMN totp_pending_sealed TEXT NOT NULL DEFAULT '';
ALTER TABLE operators ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE operators ADD COLUMN totp_since BIGINT NOT NULL DEFAULT 0;
CREATE TABLE operator_recovery_codes (
  operator_id BIGINT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_ts BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (operator_id, code_hash)
);
ALTER TABLE operator_sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';
ALTER TABLE operator_sessions ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
UPDATE operator_sessions SET version = (SELECT session_version FROM operators WHERE operators.id = operator_sessions.operator_id);
ALTER TABLE operator_sessions ADD COLUMN client_address TEXT NOT NULL DEFAULT '';
ALTER TABLE operator_sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
CREATE TABLE console_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);`,
  },
  {
    version: 29,
    name: "counts of the console's directory: each writing session on a row of its own",
    // As the bundled backend's (migration 28), PostgreSQL only: see countChangeSql.
    sql: (dialect) =>
      dialect === 'postgres' ? countChangeSql(DIRECTORY_COUNTS_TABLE) : '-- nothing to change on SQLite',
  },
  {
    version: 31,
    name: "the console's activity per app and quarter hour: messages sent here, users learned, users online",
    sql: (dialect) => activitySql(dialect, DIRECTORY_ACTIVITY_TABLE, DIRECTORY_ACTIVITY),
  },
  {
    version: 32,
    name: "an app's token breaches, kept after the rotation that ends them",
    // clients: JSON [{address, firstSeen, lastSeen}] (epoch seconds), the addresses in the window then.
    sql: (dialect) => `CREATE TABLE app_breaches (
  id ${d(dialect).id},
  app_id BIGINT NOT NULL REFERENCES console_apps(id) ON DELETE CASCADE,
  ts BIGINT NOT NULL,
  clients TEXT NOT NULL,
  limit_n INTEGER NOT NULL,
  window_hours INTEGER NOT NULL,
  rotated_ts BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX app_breaches_app ON app_breaches (app_id, id);`,
  },
  {
    version: 33,
    name: 'counts of the messages sent from the console, kept per app',
    // The Overview counted them (COUNT(*) of an app's log) on every visit.
    sql: (dialect) => rowCountsSql(dialect, { ...DIRECTORY_COUNTS_TABLE, exists: true }, ['directory_messages']),
  },
];

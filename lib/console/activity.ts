import {
  type ActivitySource,
  activityIn,
  activityTotals,
  messageKind,
  QUARTER_HOUR,
  type Series,
} from '@/lib/db/activity';
import type { Db, Queryable } from '@/lib/db/types';
import type { PresenceStore } from './presence';

/**
 * The console's own activity per app (migration 31), for apps whose backend keeps none (mesibo's
 * cloud): the messages sent through the console (direct, to groups), the users its directory
 * learned by how it learned them (`users.console`, `users.manual`, `users.import`,
 * `users.webhook`), and, on apps with webhooks, how many users were online (`online`: the
 * highest of the samples taken in each quarter hour, every few minutes by sampleOnline).
 */
export const DIRECTORY_ACTIVITY: ActivitySource[] = [
  { table: 'directory_messages', ts: 'ts', kind: messageKind },
  { table: 'directory_users', ts: 'created_ts', kind: (row) => `'users.' || ${row}source` },
];
const TABLE = 'directory_activity';
export const DIRECTORY_ACTIVITY_TABLE = { table: TABLE, apps: 'console_apps' };
/** Both activity tables of the database: the bundled backend's (migration 30) and this one. */
export const ACTIVITY_TABLES = ['app_activity', TABLE] as const;
export const DIRECTORY_ACTIVITY_KINDS = [
  'direct',
  'group',
  'users.console',
  'users.manual',
  'users.import',
  'users.webhook',
  'online',
] as const;
export type DirectoryActivity = Record<(typeof DIRECTORY_ACTIVITY_KINDS)[number], Series>;

type Window = { since: number; until: number };
const ASK = { kinds: DIRECTORY_ACTIVITY_KINDS, levels: ['online'] };

export const directoryActivity = (q: Queryable, appId: number, window: Window, step = QUARTER_HOUR) =>
  activityIn(q, TABLE, appId, { ...ASK, window, step }) as Promise<DirectoryActivity>;

export const directoryActivityTotals = (q: Queryable, appId: number, window: Window) =>
  activityTotals(q, TABLE, appId, { ...ASK, window }) as Promise<Record<keyof DirectoryActivity, number>>;

/** Takes how many users are online now on each app whose webhooks are on, into the quarter hour's `online`. */
export async function sampleOnline(db: Db, presence: PresenceStore, now = Math.floor(Date.now() / 1000)) {
  const apps = await db.all<{ app_id: number }>('SELECT app_id FROM webhooks WHERE enabled = 1');
  for (const { app_id } of apps) {
    const online = await presence.countOnline(Number(app_id));
    await db.run(
      `INSERT INTO ${TABLE} (app_id, kind, bucket, shard, n) VALUES (?, 'online', ?, 0, ?)
       ON CONFLICT (app_id, kind, bucket, shard) DO UPDATE SET n = CASE WHEN excluded.n > ${TABLE}.n THEN excluded.n ELSE ${TABLE}.n END`,
      [Number(app_id), now - (now % QUARTER_HOUR), online],
    );
  }
  return apps.length;
}

import { type ActivitySource, activityIn, activityTotals, messageKind, type Series } from '@/lib/db/activity';
import type { Queryable } from '@/lib/db/types';

/**
 * The bundled backend's activity per app (migration 30): messages sent, direct and to groups,
 * and users created, per quarter hour. `stats` answers them (`stats.activity`), so a remote
 * instance of this product offers its series to a console as well.
 */
export const ENGINE_ACTIVITY: ActivitySource[] = [
  { table: 'messages', ts: 'ts', kind: messageKind },
  { table: 'users', ts: 'ts', kind: () => "'users'" },
];
export const ENGINE_ACTIVITY_KINDS = ['direct', 'group', 'users'] as const;
export type EngineActivity = Record<(typeof ENGINE_ACTIVITY_KINDS)[number], Series>;

type Window = { since: number; until: number };
const TABLE = 'app_activity';

export const appActivity = (q: Queryable, appId: number, window: Window, step: number) =>
  activityIn(q, TABLE, appId, { kinds: ENGINE_ACTIVITY_KINDS, window, step }) as Promise<EngineActivity>;

export const appActivityTotals = (q: Queryable, appId: number, window: Window) =>
  activityTotals(q, TABLE, appId, { kinds: ENGINE_ACTIVITY_KINDS, window }) as Promise<
    Record<(typeof ENGINE_ACTIVITY_KINDS)[number], number>
  >;

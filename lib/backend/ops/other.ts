import { QUARTER_HOUR } from '@/lib/db/activity';
import { EXTENSIONS } from '@/lib/mesibo/extensions';
import { appActivity } from '../activity';
import { fail } from '../errors';
import { obj, optObj, parseFields, uint } from '../fields';
import type { OpHandler } from './context';
import { appCount } from './counts';

/**
 * `stats` (our extension) counts the app's data, from the counts kept per app (never a recount
 * of a million rows), and names this product's extensions of mesibo's ops (lib/mesibo/extensions.ts).
 * With `activity{since, until}` (`stats.activity`) it adds the app's series per quarter hour in
 * that range: messages sent direct and to groups, and users created (lib/backend/activity.ts).
 */

/** 62 days: a chart's 30 days and the 30 before them, with a day's slack each side for time zones. */
const MAX_SPAN = 62 * 86_400;
const Stats = obj({ activity: optObj({ since: uint(), until: uint() }) });

export const stats: OpHandler = async (ctx, req) => {
  const { activity: range } = parseFields(Stats, req);
  const window = range && activityWindow(range);
  const [users, groups, messages, activity] = await Promise.all([
    appCount(ctx, 'users'),
    appCount(ctx, 'chat_groups'),
    appCount(ctx, 'messages'),
    window && appActivity(ctx.db, ctx.app.id, window),
  ]);
  return {
    stats: { users, groups, messages },
    ...(activity && { activity: { bucket: QUARTER_HOUR, ...activity } }),
    extensions: EXTENSIONS,
  };
};

function activityWindow(range: { since?: number; until?: number }) {
  if (range.since === undefined) throw fail.badValue('activity.since is required (epoch seconds).', ['activity.since']);
  if (range.until === undefined) throw fail.badValue('activity.until is required (epoch seconds).', ['activity.until']);
  if (range.until <= range.since)
    throw fail.badValue('activity.until must be after activity.since (the range is since ≤ ts < until).', [
      'activity.until',
    ]);
  if (range.until - range.since > MAX_SPAN)
    throw fail.badValue(`activity spans at most ${MAX_SPAN / 86_400} days.`, ['activity.until']);
  return { since: range.since, until: range.until };
}

import { QUARTER_HOUR } from '@/lib/db/activity';
import { EXTENSIONS } from '@/lib/mesibo/extensions';
import { appActivity, appActivityTotals } from '../activity';
import { fail } from '../errors';
import { obj, optObj, parseFields, secondsOf, uint } from '../fields';
import type { OpHandler } from './context';
import { appCount } from './counts';

/**
 * `stats` (our extension) counts the app's data, from the counts kept per app (never a recount
 * of a million rows), and names this product's extensions of mesibo's ops (lib/mesibo/extensions.ts).
 * With `activity{since, until, step, previous}` (`stats.activity`) it adds the app's series in
 * that range, per quarter hour or hour from `since`: messages sent direct and to groups, and
 * users created (lib/backend/activity.ts); and with `previous{since, until}`, their totals then.
 */

/** 62 days: a chart's 30 days and the 30 before them, with a day's slack each side for time zones. */
const MAX_SPAN = 62 * 86_400;
const Stats = obj({
  activity: optObj({
    since: uint(),
    until: uint(),
    step: secondsOf([QUARTER_HOUR, 3600]),
    previous: optObj({ since: uint(), until: uint() }),
  }),
});

export const stats: OpHandler = async (ctx, req) => {
  const { activity: asked } = parseFields(Stats, req);
  const window = asked && activityWindow(asked, 'activity');
  const previous = asked?.previous && activityWindow(asked.previous, 'activity.previous');
  const step = asked?.step ?? QUARTER_HOUR;
  const [users, groups, messages, series, totals] = await Promise.all([
    appCount(ctx, 'users'),
    appCount(ctx, 'chat_groups'),
    appCount(ctx, 'messages'),
    window && appActivity(ctx.db, ctx.app.id, window, step),
    previous && appActivityTotals(ctx.db, ctx.app.id, previous),
  ]);
  return {
    stats: { users, groups, messages },
    ...(series && { activity: { bucket: step, ...series, ...(totals && { previous: totals }) } }),
    extensions: EXTENSIONS,
  };
};

function activityWindow(range: { since?: number; until?: number }, field: string) {
  if (range.since === undefined) throw fail.badValue(`${field}.since is required (epoch seconds).`, [`${field}.since`]);
  if (range.until === undefined) throw fail.badValue(`${field}.until is required (epoch seconds).`, [`${field}.until`]);
  if (range.until <= range.since)
    throw fail.badValue(`${field}.until must be after ${field}.since (the range is since ≤ ts < until).`, [
      `${field}.until`,
    ]);
  if (range.until - range.since > MAX_SPAN)
    throw fail.badValue(`${field} spans at most ${MAX_SPAN / 86_400} days.`, [`${field}.until`]);
  return { since: range.since, until: range.until };
}

import { EXTENSIONS } from '@/lib/mesibo/extensions';
import type { OpHandler } from './context';
import { appCount } from './counts';

/**
 * `stats` (our extension) counts the app's data, from the counts kept per app (never a recount
 * of a million rows), and names this product's extensions of mesibo's ops (lib/mesibo/extensions.ts).
 */

export const stats: OpHandler = async (ctx) => {
  const [users, groups, messages] = await Promise.all([
    appCount(ctx, 'users'),
    appCount(ctx, 'chat_groups'),
    appCount(ctx, 'messages'),
  ]);
  return { stats: { users, groups, messages }, extensions: EXTENSIONS };
};

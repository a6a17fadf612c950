import type { OpHandler } from './context';
import { appCount } from './counts';

/**
 * `stats` (our extension) counts the app's data, from the counts kept per app (never a recount
 * of a million rows), and names this product's extensions of mesibo's ops, which is how a console
 * knows that a remote backend (another instance of this product) offers them.
 */
export const EXTENSIONS = ['usersget.search', 'groupsget.search'] as const;

export const stats: OpHandler = async (ctx) => {
  const [users, groups, messages] = await Promise.all([
    appCount(ctx, 'users'),
    appCount(ctx, 'chat_groups'),
    appCount(ctx, 'messages'),
  ]);
  return { stats: { users, groups, messages }, extensions: EXTENSIONS };
};

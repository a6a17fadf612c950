import { keptCount } from '@/lib/db/row-counts';
import type { OpContext } from './context';

/** How many rows of a table an app holds, from the counts kept beside them (migration 17). */
export const appCount = (ctx: Pick<OpContext, 'db' | 'app'>, table: 'users' | 'chat_groups' | 'messages') =>
  keptCount(ctx.db, 'app_counts', ctx.app.id, table);

import type { OpHandler } from './context';

/** `stats` (our extension) counts the app's data. */

export const stats: OpHandler = async (ctx) => {
  const count = async (table: string) =>
    Number(
      (await ctx.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE app_id = ?`, [ctx.app.id]))?.n ?? 0,
    );
  const [users, groups, messages] = await Promise.all([count('users'), count('chat_groups'), count('messages')]);
  return { stats: { users, groups, messages } };
};

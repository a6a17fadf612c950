import type { Param } from './types';

/**
 * A mesibo listing pattern (`*` is the wildcard) as SQL on `column`, for rows listed in
 * `idColumn` order. A plain prefix (`ali*`) becomes a range on the (app_id, column)
 * index; other patterns become LIKE with escaping; no `*` (or `exact`) means an exact match.
 */
export type PatternSql = { where: string; params: Param[]; prefix?: [string, string] };

// U+10FFFF sorts after every character in UTF-8 byte order (SQLite BINARY, PostgreSQL "C").
const TOP = '\u{10FFFF}';

/** A value inside LIKE with `\` as the escape: a typed % or _ (or \) is that character. */
export const likeLiteral = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function patternSql(column: string, pattern: string | undefined, exact = false): PatternSql {
  // `exact`: the value as written, `*` included (looking up one user created before `*`
  // was refused in new addresses).
  if (exact && pattern !== undefined) return { where: ` AND ${column} = ?`, params: [pattern] };
  if (pattern === undefined || pattern === '' || /^\*+$/.test(pattern)) return { where: '', params: [] };
  const star = pattern.indexOf('*');
  if (star === -1) return { where: ` AND ${column} = ?`, params: [pattern] };
  const head = pattern.slice(0, star);
  if (/^\*+$/.test(pattern.slice(star)) && head !== '') {
    return { where: ` AND ${column} >= ? AND ${column} < ?`, params: [head, head + TOP], prefix: [head, head + TOP] };
  }
  const like = likeLiteral(pattern).replace(/\*+/g, '%');
  return { where: ` AND ${column} LIKE ? ESCAPE '\\'`, params: [like] };
}

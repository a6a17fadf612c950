/**
 * This product's extensions of mesibo's ops (docs/backend-api.md), which its `stats` answer names
 * in `extensions`: that is how a console knows that a remote backend (another instance of this
 * product) offers them. `usersget.search` and `groupsget.search`: their q, sort, filter and total;
 * `usergroupsget`: the groups a user belongs to; `messagesget.range`: its since and until (an
 * older instance would list the whole log); `groupgetmembers.pages`: its q (an address prefix),
 * page (by number) and total; `stats.activity`: `stats`'s activity{since, until}, an app's series per
 * quarter hour (messages sent, users created).
 */
export const EXTENSIONS = [
  'usersget.search',
  'groupsget.search',
  'usergroupsget',
  'messagesget.range',
  'groupgetmembers.pages',
  'stats.activity',
] as const;
export type Extension = (typeof EXTENSIONS)[number];

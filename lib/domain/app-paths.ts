/**
 * Where an app's pages and lists live (browser-safe): every page of an app's data is under
 * `/apps/<app>/…`, its lists under `/api/apps/<app>/…`. The one place these paths are built.
 */
export type AppSection = '' | '/users' | '/groups' | '/messages' | '/webhooks' | '/settings';

export const appHref = (app: number, section: AppSection = '') => `/apps/${app}${section}`;
/**
 * The app the operator was last in (a cookie the proxy sets on every page of an app): console-wide
 * pages (Audit log, Operators, Apps, Jobs) keep it in **App** and lead back into it. Not a secret,
 * and never trusted: the layout uses it only when it names an app the operator may use.
 */
export const LAST_APP_COOKIE = 'last_app';
export const userHref = (app: number, address: string) => `/apps/${app}/users/${encodeURIComponent(address)}`;
export const groupHref = (app: number, gid: number | string) =>
  `/apps/${app}/groups/${encodeURIComponent(String(gid))}`;
export const appApi = (app: number, list: 'users' | 'groups' | 'messages' | 'webhooks') => `/api/apps/${app}/${list}`;
export const membersApi = (app: number, gid: number) => `/api/apps/${app}/groups/${gid}/members`;
/** The groups a user belongs to, a page at a time. */
export const userGroupsApi = (app: number, address: string) =>
  `/api/apps/${app}/users/${encodeURIComponent(address)}/groups`;
/** The message log filtered (From, To, Group): where a user's or a group's Show all leads. */
export const messagesHref = (app: number, filter: { from?: string; to?: string; gid?: number; mid?: number }) =>
  withQuery(`/apps/${app}/messages`, filter);

/** `path` with a filter as its query, empty values left out (a list's link, its Export CSV). */
export function withQuery(path: string, filter: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams(
    Object.entries(filter).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
  ).toString();
  return query ? `${path}?${query}` : path;
}

/**
 * A path segment as Next hands it over, still percent-encoded as the browser sent it, decoded
 * exactly once; one that is not valid percent-encoding (a hand-typed "/users/a%b") is taken as
 * written instead of failing the request.
 */
export function segmentText(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
/** Where an Import users file is sent (its body) to be checked. */
export const usersImportApi = (app: number, file: string) =>
  `/api/apps/${app}/imports/users?file=${encodeURIComponent(file)}`;
/** Where an Import members file is sent (its body) to be checked, for group `gid`. */
export const membersImportApi = (app: number, gid: number, file: string) =>
  `/api/apps/${app}/imports/members?gid=${gid}&file=${encodeURIComponent(file)}`;
/** Export CSV of a list, with its filter (empty values left out). */
export function exportApi(
  app: number,
  list: 'users' | 'groups' | 'members' | 'messages',
  filter: Record<string, string>,
) {
  return withQuery(`/api/apps/${app}/exports/${list}`, filter);
}
export const jobHref = (job: number) => `/jobs/${job}`;
/** The audit log filtered to what was done to `target` (an address, `gid 12`, an operator's e-mail), in `app` when it has one. */
export const historyHref = (target: string, app?: number) => withQuery('/audit', { app, target });
/** Where mesibo posts an app's webhooks (the receiver, outside the console's session checks). */
export const WEBHOOK_PREFIX = '/webhooks/mesibo/';
export const deliveryHref = (app: number, id: number) => `/apps/${app}/webhooks/${id}`;

/**
 * The section of a console path, so the app switcher can stay on the same kind of page: a
 * user's page goes to the users of the other app (that user may not be there), a
 * console-wide page (Audit log, Operators, Apps) to the other app's overview.
 */
export function sectionOf(pathname: string): AppSection {
  const m = /^\/apps\/[^/]+(\/(users|groups|messages|webhooks|settings))?/.exec(pathname);
  return (m?.[1] ?? '') as AppSection;
}

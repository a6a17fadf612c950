import 'server-only';
import { randomUUID } from 'node:crypto';
import { notFound, unstable_rethrow } from 'next/navigation';
import { appIdOf, operatorApps } from '@/lib/auth/app-guard';
import { auditRequest } from '@/lib/auth/audit-entry';
import { admit } from '@/lib/auth/gate';
import { pageOperator } from '@/lib/auth/page-guard';
import { currentOperator } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import type { Operator } from '@/lib/console/operators';
import type { Permission } from '@/lib/console/roles';
import { appApi, appHref } from '@/lib/domain/app-paths';
import type { Filter, ListState, Page } from '@/lib/domain/paging';
import { AuthError, toActionError } from '@/lib/errors';
import type { ActionError } from '@/lib/result';
import { log } from '@/lib/server/log';
import { withRequestId } from '@/lib/server/request-context';
import { listState, type RawSearchParams, singleValues } from '@/lib/validations/search-params';

/**
 * Reads for pages and route handlers, under a request id of their own: a failure becomes
 * the error shown next to its cause, and that request id finds both its server log line and
 * its audit entry (`authz.denied` for a refusal, `page.load` / `api.read` failed otherwise).
 */
export type Loaded<T> = { data: T; error?: undefined } | { data?: undefined; error: ActionError };

export async function loadRead<T>(
  kind: 'page.load' | 'api.read',
  target: string,
  load: () => Promise<T>,
  /** The app the read is of, for the audit entry of a refusal or failure. */
  appId?: number,
): Promise<Loaded<T>> {
  const requestId = randomUUID();
  try {
    return { data: await withRequestId(requestId, load) };
  } catch (e) {
    unstable_rethrow(e);
    // A refusal's links ("Back to Users") lead into the app the read was of.
    const error = toActionError(e, requestId, { app: appId });
    log().info({ requestId, target, code: error.code, backendError: error.backendError }, `${kind} failed`);
    const denied = e instanceof AuthError;
    const entry = {
      action: denied ? 'authz.denied' : kind,
      target,
      outcome: denied ? ('denied' as const) : ('failed' as const),
      detail: denied ? error.message : (error.backendError ?? error.code),
      requestId,
      appId,
    };
    // A read changes nothing: its entries are bounded per session, or per client address without one.
    await auditRequest({ operator: await currentOperator().catch(() => undefined) }, entry, 'repeatable');
    return { error };
  }
}

/** What a page shows, or the error to show in its place. */
export const pageData = <T>(target: string, load: () => Promise<T>, appId?: number) =>
  loadRead('page.load', target, load, appId);

/**
 * For a page of an app (`/apps/<app>/…`): the operator and the app, when the role has
 * `permission` and the operator may use the app; else what to show instead (`role`, or
 * `app`: it is limited to other apps, which is audited; or the error that kept the app from
 * being looked up, with its request id). No such app: the 404 page; nobody signed in: a
 * redirect to /login.
 */
export type AppPage =
  | { operator: Operator; app: AppAccess; refused?: undefined }
  | { refused: Refusal; operator?: undefined; app?: undefined };
/** Not for this role; not among this operator's apps (with the first of its own, to go to instead); or an error. */
export type Refusal = 'role' | { notYours: { id: number; name: string } | undefined } | ActionError;

export async function appPage(segment: string, permission: Permission, path: string): Promise<AppPage> {
  const operator = await pageOperator(permission, path);
  if (!operator) return { refused: 'role' };
  const id = appIdOf(segment);
  if (id === undefined) notFound();
  const { data, error } = await pageData(path, () => admit({ app: id }), id);
  if (data) return data;
  if (error.code === 'forbidden' || error.code === 'unauthorized') {
    const [first] = await operatorApps(operator);
    return { refused: { notYours: first && { id: first.id, name: first.name || `App ${first.id}` } } };
  }
  if (error.code === 'not_found') notFound();
  return { refused: error }; // the database or the registry failed: said, not passed off as a 404
}

/**
 * A list page's state: where the URL says the list is, and its first page (or why it could
 * not be read), rendered on the server; the browser takes over from there.
 */
export async function pageList<F extends Filter, R>(
  where: { path: string; endpoint: string; appId?: number },
  searchParams: Promise<RawSearchParams>,
  parseFilter: (raw: Record<string, string>) => F,
  load: (filter: F, cursor?: string) => Promise<Page<R>>,
): Promise<ListState<F, R>> {
  const list = listState(singleValues(await searchParams), parseFilter);
  const first = await pageData(where.path, () => load(list.filter, list.cursor), where.appId);
  return { ...list, endpoint: where.endpoint, initial: first.data, initialError: first.error };
}

/** What a list page of an app receives from Next. */
export type AppListProps = { params: Promise<{ app: string }>; searchParams: Promise<RawSearchParams> };

/**
 * A list page of an app (users, groups, messages): the guard of appPage, then the list's
 * state with its first page read on the server; the browser pages on through the list's
 * route handler under /api/apps/<app>/….
 */
export async function appListPage<F extends Filter, R>(
  props: AppListProps,
  spec: {
    list: 'users' | 'groups' | 'messages' | 'webhooks';
    permission: Permission;
    filter: (raw: Record<string, string>) => F;
    load: (app: AppAccess, filter: F, cursor?: string) => Promise<Page<R>>;
  },
): Promise<Exclude<AppPage, { app: AppAccess }> | (Extract<AppPage, { app: AppAccess }> & { list: ListState<F, R> })> {
  const segment = (await props.params).app;
  const page = await appPage(segment, spec.permission, `/apps/${segment}/${spec.list}`);
  if (page.refused) return page;
  const { app } = page;
  const list = await pageList(
    { path: appHref(app.id, `/${spec.list}`), endpoint: appApi(app.id, spec.list), appId: app.id },
    props.searchParams,
    spec.filter,
    (filter, cursor) => spec.load(app, filter, cursor),
  );
  return { ...page, list };
}

import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { requireApp } from '@/lib/auth/app-guard';
import { isSameOrigin, requestClientAddress } from '@/lib/auth/request';
import { currentOperator } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import { type AuditEntry, recordBy } from '@/lib/console/audit';
import type { Operator } from '@/lib/console/operators';
import { can, type Permission } from '@/lib/console/roles';
import { AuthError, ConsoleError, OpError, toActionError } from '@/lib/errors';
import { type ActionResult, ok } from '@/lib/result';
import { consoleDb } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { withRequestId } from '@/lib/server/request-context';
import { AppRef } from '@/lib/validations/apps';

/**
 * Every server action goes through here: authenticate (the session cookie, re-checked
 * against the database), authorize (the role table), validate the input with zod, run,
 * write an audit entry, and return a typed result. A refusal is audited as `authz.denied`
 * and changes nothing. Errors become messages for the operator; details stay in the log.
 */
export interface ActionSpec<S extends z.ZodType> {
  /** Audit action name, e.g. "user.create". */
  name: string;
  /**
   * The permission needed; or, for actions whose need depends on the input, `anyOf` (a role
   * holding none of these may not use the action at all, and is refused before its input is
   * looked at; empty: any signed-in operator) and `needs` (what this input requires).
   */
  permission: Permission | { anyOf: readonly Permission[]; needs: (input: z.output<S>) => Permission[] };
  input: S;
  /**
   * Backend properties the form supplies, and the input field of each ("message.from" →
   * "from"): a backend refusal of one shows on that field, in the console's words.
   */
  fields?: Readonly<Record<string, string>>;
  /** How an operator would search for the target: an address, "gid 12 (Team)", an e-mail. */
  target: (input: z.output<S>) => string | Promise<string>;
}

/**
 * What an action returns when it decided not to act, with data for the UI (say, which of
 * the addresses are unknown): the caller gets the data, the audit log the refusal and why.
 */
export class Refused<T> {
  constructor(
    readonly data: T,
    readonly reason: string,
  ) {}
}

/** What the caller receives from an action whose run returns T: a refusal's data unwrapped. */
type Delivered<T> = T extends Refused<infer D> ? D : T;

/**
 * The action takes its schema's input type, so a call site with a misspelled or missing
 * field does not compile; the server still validates whatever actually arrives.
 */
export function defineAction<S extends z.ZodType, T>(
  spec: ActionSpec<S>,
  run: (input: z.output<S>, operator: Operator) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<Delivered<T>>> {
  return (raw: z.input<S>) => {
    const requestId = randomUUID();
    // Every backend call and log line of this action carries its request id.
    return withRequestId(requestId, () => runAction(spec, run, raw, requestId, false));
  };
}

/**
 * An action on one app's data: its input also names the app (`app`, the id of the page's
 * URL). After the role, the operator must be allowed that app (AuthError otherwise, audited
 * with the app's id, before the rest of the input is looked at); `run` gets the app.
 */
export function defineAppAction<S extends z.ZodType, T>(
  spec: ActionSpec<S>,
  run: (input: z.output<S>, operator: Operator, app: AppAccess) => Promise<T>,
): (input: z.input<S> & { app: number }) => Promise<ActionResult<Delivered<T>>> {
  return (raw) => {
    const requestId = randomUUID();
    return withRequestId(requestId, () => runAction(spec, run, raw, requestId, true));
  };
}

async function runAction<S extends z.ZodType, T>(
  spec: ActionSpec<S>,
  run: (input: z.output<S>, operator: Operator, app: AppAccess) => Promise<T>,
  raw: unknown,
  requestId: string,
  appScoped: boolean,
): Promise<ActionResult<Delivered<T>>> {
  {
    const db = await consoleDb();
    let operator: Operator | undefined;
    let target = '';
    let input: unknown;
    let app: AppAccess | undefined;
    const appRef = appScoped ? AppRef.safeParse(raw) : undefined;
    // The app the entry is about: an app action's, or the app a console-wide action names (app settings).
    let auditApp = appRef?.data?.app;
    // `change` for what changed or may have; refusals and invalid input are `repeatable` (bounded per session).
    const audit = (
      action: string,
      t: string,
      outcome: AuditEntry['outcome'],
      detail: string,
      kind: 'change' | 'repeatable' = 'repeatable',
    ) => record(db, operator, { action, target: t, outcome, detail, requestId, appId: auditApp }, kind);
    try {
      operator = await currentOperator();
      if (!(await isSameOrigin())) throw new AuthError('forbidden');
      if (!operator) throw new AuthError('unauthorized');
      // The role first: one that may not use the action learns nothing about its input.
      const usable =
        typeof spec.permission === 'string'
          ? can(operator.role, spec.permission)
          : spec.permission.anyOf.length === 0 || spec.permission.anyOf.some((p) => can(operator?.role, p));
      if (!usable) throw new AuthError('forbidden');
      if (appRef && !appRef.success) {
        await audit(spec.name, '', 'invalid', 'No app named');
        const fieldErrors = { app: ['Name the app (its id).'] };
        return {
          ok: false,
          error: { code: 'invalid', message: 'Some fields need attention.', fieldErrors, requestId },
        };
      }
      if (appRef?.data) app = (await requireApp(appRef.data.app)).app;
      const parsed = spec.input.safeParse(raw);
      if (!parsed.success) {
        const fieldErrors: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) {
          const key = issue.path.join('.') || 'form';
          fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
        }
        await audit(spec.name, '', 'invalid', 'Input refused by validation');
        return {
          ok: false,
          error: { code: 'invalid', message: 'Some fields need attention.', fieldErrors, requestId },
        };
      }
      input = parsed.data;
      auditApp ??= AppRef.safeParse(parsed.data).data?.app;
      target = await spec.target(parsed.data);
      const needed = typeof spec.permission === 'string' ? [spec.permission] : spec.permission.needs(parsed.data);
      for (const p of needed) if (!can(operator.role, p)) throw new AuthError('forbidden', p);
      // (app is set whenever the action is app-scoped; the others never read it.)
      const data = await run(parsed.data, operator, app as AppAccess);
      if (data instanceof Refused) {
        await audit(spec.name, target, 'failed', data.reason);
        return ok(data.data as Delivered<T>);
      }
      await audit(spec.name, target, 'ok', '', 'change');
      return ok(data as Delivered<T>);
    } catch (e) {
      unstable_rethrow(e);
      const error = toActionError(e, requestId, { input, fields: spec.fields, app: app?.id });
      if (e instanceof AuthError) {
        await audit('authz.denied', `${spec.name}${target ? ` ${target}` : ''}`, 'denied', error.message);
      } else {
        // The backend's own words stay here, for whoever reads the audit log.
        const detail = e instanceof OpError ? `${e.error}: ${e.cause}` : (error.backendError ?? error.code);
        // A refusal (ours or the backend's) changed nothing; after anything else a change may have happened.
        const refused = e instanceof OpError || e instanceof ConsoleError;
        await audit(spec.name, target, 'failed', detail.slice(0, 500), refused ? 'repeatable' : 'change');
      }
      return { ok: false, error };
    }
  }
}

async function record(
  db: Awaited<ReturnType<typeof consoleDb>>,
  operator: Operator | undefined,
  entry: Omit<AuditEntry, 'operatorEmail' | 'role'>,
  kind: 'change' | 'repeatable',
) {
  const { requestId, action, outcome, detail } = entry;
  if (outcome !== 'ok') log().info({ requestId, action, outcome, detail }, 'action refused');
  // Requests without a session write entries of the sender's choosing: those are bounded.
  const author = operator ? { operator } : { clientAddress: await requestClientAddress() };
  await recordBy(db, author, entry, kind).catch((err) => log().error({ err, requestId }, 'audit write failed'));
}

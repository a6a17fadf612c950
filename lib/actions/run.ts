import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { auditRequest } from '@/lib/auth/audit-entry';
import { admit } from '@/lib/auth/gate';
import { isSameOrigin } from '@/lib/auth/request';
import { currentOperator, settingUpOperator } from '@/lib/auth/session';
import type { AppAccess } from '@/lib/console/app-access';
import type { AuditEntry } from '@/lib/console/audit';
import type { Operator } from '@/lib/console/operators';
import { allows, can, type Permission, type RoleNeed } from '@/lib/console/roles';
import { Changed } from '@/lib/domain/audit-changes';
import { AuthError, ConsoleError, OpError, toActionError } from '@/lib/errors';
import { type ActionResult, ok } from '@/lib/result';
import { log } from '@/lib/server/log';
import { metrics } from '@/lib/server/metrics';
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
  /** How an operator would search for the target: an address, "gid 12 (Team)", an e-mail (its own, for actions on its account). */
  target: (input: z.output<S>, operator: Operator) => string | Promise<string>;
  /** What else the entry is about, where the target names only some (every address of a bulk add). */
  subjects?: (input: z.output<S>) => readonly string[];
  /** What the entry of a success says beyond its target (a job's file, rows and options). */
  detail?: (input: z.output<S>, result: unknown) => string;
  /**
   * `setup`: a session held at setting up two-factor (Require two-factor) may use it too;
   * the setup's own actions, and nothing else, say so.
   */
  session?: 'setup';
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

/** What the caller receives from an action whose run returns T: a refusal's or a change's data unwrapped. */
type Delivered<T> = T extends Refused<infer D> ? D : T extends Changed<infer D> ? D : T;

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

/** A step found the input invalid: the action ends with field errors, audited as invalid. */
class Invalid {
  constructor(
    readonly detail: string,
    readonly fieldErrors: Record<string, string[]>,
  ) {}
}

/** Signed in, and from the console's own origin. */
async function authenticate(operator: Operator | undefined): Promise<Operator> {
  if (!(await isSameOrigin())) throw new AuthError('forbidden');
  if (!operator) throw new AuthError('unauthorized');
  return operator;
}

/** The role first: one that may not use the action at all learns nothing about its input. */
function authorizeRole(need: RoleNeed, operator: Operator) {
  if (!allows(operator.role, need)) throw new AuthError('forbidden');
}

/** An app action's app: named by the input, and one the operator may use. */
async function resolveApp(appRef: ReturnType<typeof AppRef.safeParse> | undefined) {
  if (!appRef) return undefined;
  if (!appRef.success) throw new Invalid('No app named', { app: ['Name the app (its id).'] });
  return (await admit({ app: appRef.data.app })).app;
}

function validate<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.') || 'form';
    fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
  }
  throw new Invalid('Input refused by validation', fieldErrors);
}

/** What this input needs beyond the role's use of the action (a token with a new user needs tokens.manage too). */
function authorizeInput<S extends z.ZodType>(spec: ActionSpec<S>, operator: Operator, input: z.output<S>) {
  const needed = typeof spec.permission === 'string' ? [spec.permission] : spec.permission.needs(input);
  for (const p of needed) if (!can(operator.role, p)) throw new AuthError('forbidden', p);
}

async function runAction<S extends z.ZodType, T>(
  spec: ActionSpec<S>,
  run: (input: z.output<S>, operator: Operator, app: AppAccess) => Promise<T>,
  raw: unknown,
  requestId: string,
  appScoped: boolean,
): Promise<ActionResult<Delivered<T>>> {
  let operator: Operator | undefined;
  let target = '';
  let subjects: readonly string[] | undefined;
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
    changes?: AuditEntry['changes'],
  ) => record(operator, { action, target: t, outcome, detail, requestId, appId: auditApp, changes, subjects }, kind);
  try {
    operator = spec.session === 'setup' ? await settingUpOperator() : await currentOperator();
    const signedIn = await authenticate(operator);
    authorizeRole(spec.permission, signedIn);
    app = await resolveApp(appRef);
    const valid = validate(spec.input, raw);
    input = valid;
    auditApp ??= AppRef.safeParse(valid).data?.app;
    target = await spec.target(valid, signedIn);
    subjects = spec.subjects?.(valid);
    authorizeInput(spec, signedIn, valid);
    // (app is set whenever the action is app-scoped; the others never read it.)
    const data = await run(valid, signedIn, app as AppAccess);
    if (data instanceof Refused) {
      await audit(spec.name, target, 'failed', data.reason);
      return ok(data.data as Delivered<T>);
    }
    // A change that says what it changed (lib/domain/audit-changes.ts): the entry keeps the fields.
    const [result, changes] = data instanceof Changed ? [data.data, data.changes] : [data, undefined];
    await audit(spec.name, target, 'ok', spec.detail?.(valid, result) ?? '', 'change', changes);
    return ok(result as Delivered<T>);
  } catch (e) {
    unstable_rethrow(e);
    if (e instanceof Invalid) {
      await audit(spec.name, '', 'invalid', e.detail);
      const { fieldErrors } = e;
      return { ok: false, error: { code: 'invalid', message: 'Some fields need attention.', fieldErrors, requestId } };
    }
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

async function record(
  operator: Operator | undefined,
  entry: Omit<AuditEntry, 'operatorEmail' | 'role'>,
  kind: 'change' | 'repeatable',
) {
  const { requestId, action, outcome, detail } = entry;
  // A refusal's entry is authz.denied, its target beginning with the action refused.
  metrics().actions.inc({ action: action === 'authz.denied' ? (entry.target ?? '').split(' ')[0] : action, outcome });
  if (outcome !== 'ok') log().info({ requestId, action, outcome, detail }, 'action refused');
  await auditRequest({ operator }, entry, kind);
}

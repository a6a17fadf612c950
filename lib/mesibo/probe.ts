import 'server-only';
import { z } from 'zod';
import { type BackendTarget, type ClientOptions, createClient } from './client';
import { OpError, UpstreamError } from './errors';
import { EXTENSIONS, type Extension } from './extensions';

/**
 * Which ops a Backend API offers, found without changing anything: each optional read op is
 * sent with no arguments, and one answered with `error: "BADOP"` is absent (whatever the
 * cause says). Any other answer, a success or a refusal of the missing arguments, means the
 * op exists. The ops every mesibo backend has are assumed, never probed: probing them would
 * mean sending changes.
 */
export const OPTIONAL_OPS = ['usersget', 'groupsget', 'messagesget', 'stats'] as const;
export type OptionalOp = (typeof OPTIONAL_OPS)[number];
export type Offered = Record<OptionalOp | Extension, boolean>;
export const ASSUMED_OPS = [
  'useradd',
  'userset',
  'userdel',
  'usertoken',
  'groupadd',
  'groupset',
  'groupdel',
  'groupeditmembers',
  'groupgetmembers',
  'message',
] as const;

/** `ms`: how long the backend took to answer the first probe. */
export type Probe =
  | { reachable: true; ms: number; offered: Offered }
  | { reachable: false; ms: number; problem: string };

const AnyReply = z.object({}).loose();
const StatsReply = z.object({ extensions: z.array(z.string()).catch([]).optional() }).loose();

export async function probeBackend(target: BackendTarget, limits: ClientOptions): Promise<Probe> {
  const call = createClient(target, limits);
  let ms: number | undefined;
  const offered = Object.fromEntries(EXTENSIONS.map((x) => [x, false])) as Offered;
  for (const op of OPTIONAL_OPS) {
    const started = Date.now();
    const failure = await call(op, {}, op === 'stats' ? StatsReply : AnyReply).then(
      (reply: z.output<typeof StatsReply>) => {
        for (const x of EXTENSIONS) if (reply.extensions?.includes(x)) offered[x] = true;
      },
      (e: unknown) => e,
    );
    ms ??= Date.now() - started; // the answer time of the first probe
    if (failure === undefined) offered[op] = true;
    else if (failure instanceof UpstreamError) return { reachable: false, ms, problem: failure.message };
    else if (!(failure instanceof OpError)) throw failure;
    else if (failure.error === 'AUTHFAIL')
      return { reachable: false, ms, problem: 'The backend refused the app token.' };
    else if (failure.error === 'APPDISABLED' || failure.error === 'TOKENBREACH')
      return { reachable: false, ms, problem: 'The backend says this app is disabled.' };
    else offered[op] = failure.error !== 'BADOP';
  }
  return { reachable: true, ms: ms ?? 0, offered };
}

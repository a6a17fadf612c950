import 'server-only';
import type { ConsoleApp } from '@/lib/console/apps';
import { appRegistry } from '@/lib/server/apps';
import { limitsFromEnv, targetOf } from './client';
import { type OptionalOp, probeBackend } from './probe';

/**
 * Whether `app`'s backend offers `op`, per app and per op: the bundled backend has every op;
 * for a remote one, what the last probe found (an op later answered with BADOP is recorded as
 * absent by the client), probing once when nothing is known yet. A backend that cannot be
 * reached for the probe is taken to offer the op: the call then fails where it is made, with
 * the reason, rather than the console quietly switching to its directory.
 */
export async function offers(app: ConsoleApp, op: OptionalOp): Promise<boolean> {
  if (app.kind === 'bundled') return true;
  const known = app.ops?.[op];
  if (known !== undefined) return known;
  const probe = await probeBackend(await targetOf(app), limitsFromEnv());
  if (!probe.reachable) return true;
  await (await appRegistry()).recordOps(app.id, probe.offered);
  app.ops = { ...app.ops, ...probe.offered };
  return probe.offered[op];
}

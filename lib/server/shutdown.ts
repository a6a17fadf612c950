/**
 * Work to finish before the process closes its database (the job runner hands its jobs back).
 * The custom server and Next's bundle are separate module graphs in one process, so the hooks
 * live on globalThis: Next's side registers, server.ts runs them on SIGTERM/SIGINT.
 */
const KEY = Symbol.for('mesibo-admin.shutdown-hooks');
type Holder = { [KEY]?: (() => Promise<void>)[] };

export function onShutdown(hook: () => Promise<void>): void {
  const g = globalThis as Holder;
  g[KEY] ??= [];
  g[KEY].push(hook);
}

/** Runs every hook (each failure ignored: the process is ending either way). */
export async function runShutdownHooks(): Promise<void> {
  await Promise.allSettled(((globalThis as Holder)[KEY] ?? []).map((hook) => hook()));
}

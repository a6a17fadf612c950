import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id of the work in progress (a server action, a page's data, a route handler),
 * so that every backend call, log line and audit entry it causes carries the same id, and
 * the id an operator is shown finds all of them.
 */
// On globalThis: the server's own bundle and Next's bundles each hold a copy of this module.
const shared = globalThis as typeof globalThis & { __mesiboRequestContext?: AsyncLocalStorage<{ requestId: string }> };
shared.__mesiboRequestContext ??= new AsyncLocalStorage<{ requestId: string }>();
const store = shared.__mesiboRequestContext;

export function withRequestId<T>(requestId: string, fn: () => Promise<T>): Promise<T> {
  return store.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}

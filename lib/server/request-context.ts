import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id of the work in progress (a server action, a page's data, a route handler),
 * so that every backend call, log line and audit entry it causes carries the same id, and
 * the id an operator is shown finds all of them.
 */
const store = new AsyncLocalStorage<{ requestId: string }>();

export function withRequestId<T>(requestId: string, fn: () => Promise<T>): Promise<T> {
  return store.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}

import { type ActionError, ActionFailure } from '@/lib/result';

/** GET a console route handler; a non-2xx answer throws an ActionFailure with the server's message. */
export async function fetchJson<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new ActionFailure({
      code: 'upstream',
      message: 'The console server could not be reached.',
      action: 'Check your connection and retry.',
    });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error: ActionError = body?.error ?? {
      code: 'internal',
      message: `The console server answered ${response.status}.`,
    };
    if (response.status === 401) window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    throw new ActionFailure(error);
  }
  return body as T;
}

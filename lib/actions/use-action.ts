'use client';

import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { unstable_isUnrecognizedActionError, useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { useScopeApp } from '@/lib/app-context';
import { type ActionError, ActionFailure, type ActionResult, type FieldProblem, unwrap } from '@/lib/result';

/**
 * The one way client components call a server action: the typed input goes in; out come the
 * pending state, the refusal to show (with per-field messages), `reset`, and on success the
 * invalidation of the resource's queries (declared once per resource in lib/queries) plus a
 * refresh of the page's server components, so every view shows the change.
 */
export interface ActionOptions<I, T> {
  /** Query keys whose data the action changes (e.g. `userQueries.invalidates`). */
  invalidates?: readonly QueryKey[];
  /** Re-render the page's server components after success (default true). */
  refresh?: boolean;
  /** A toast after success (none when it returns undefined). */
  success?: (data: T, input: I) => string | undefined;
  onSuccess?: (data: T, input: I) => void;
  /** A toast for a failure that has no place on the page (a switch in a table row). */
  toastErrors?: boolean;
}

export interface ActionHandle<I, T> {
  run: (input: I) => void;
  pending: boolean;
  error?: ActionError;
  /** The first message for a field, by the input's field name (with a link, when the refusal names one). */
  fieldError: (name: string) => FieldProblem | undefined;
  data?: T;
  reset: () => void;
}

const UNREACHABLE: ActionError = {
  code: 'upstream',
  message: 'The console server could not be reached.',
  action: 'Check your connection and retry.',
};
// A page of the build before a deploy calls an action the new build does not have: nothing
// ran; the page reloads itself onto the new build (as navigation does, by the deployment id).
const isFromAnotherBuild = (e: unknown): boolean => unstable_isUnrecognizedActionError(e);
const UPDATED: ActionError = {
  code: 'upstream',
  message: 'The console was updated while this page was open; nothing was changed.',
  action: 'The page reloads now: do it again there.',
};

export function useAction<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  options: ActionOptions<I, T> = {},
): ActionHandle<I, T> {
  const router = useRouter();
  const queries = useQueryClient();
  const mutation = useMutation({
    mutationFn: async (input: I) => unwrap(await action(input)),
    onSuccess: (data, input) => {
      for (const queryKey of options.invalidates ?? []) void queries.invalidateQueries({ queryKey });
      if (options.refresh !== false) router.refresh();
      const message = options.success?.(data, input);
      if (message) toast.success(message);
      options.onSuccess?.(data, input);
    },
    onError: (e) => {
      if (isFromAnotherBuild(e)) return window.location.reload();
      if (options.toastErrors) toast.error(e instanceof ActionFailure ? e.error.message : UNREACHABLE.message);
    },
  });
  const error = mutation.error
    ? mutation.error instanceof ActionFailure
      ? mutation.error.error
      : isFromAnotherBuild(mutation.error)
        ? UPDATED
        : UNREACHABLE
    : undefined;
  return {
    run: mutation.mutate,
    pending: mutation.isPending,
    error,
    fieldError: (name) => {
      const message = error?.fieldErrors?.[name]?.[0];
      if (!message || !(error?.link || error?.action)) return message;
      return { message, action: error.action, link: error.link };
    },
    data: mutation.data,
    reset: mutation.reset,
  };
}

/** useAction for an action on the data of the app on screen: the app's id goes with every call. */
export function useAppAction<I, T>(
  action: (input: I & { app: number }) => Promise<ActionResult<T>>,
  options: ActionOptions<I, T> = {},
): ActionHandle<I, T> {
  const { id } = useScopeApp();
  return useAction((input: I) => action({ ...input, app: id }), options);
}

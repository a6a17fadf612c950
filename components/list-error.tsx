'use client';

import type { ActionError } from '@/lib/actions/result';
import { Button } from './ui/button';
import { ErrorNotice } from './ui/states';

/** A list's load failure, with what to do, the request id, and a Retry. */
export function ListError({ error, onRetry }: { error: ActionError; onRetry: () => void }) {
  return (
    <ErrorNotice message={error.message} action={error.action} requestId={error.requestId}>
      <Button variant="secondary" className="mt-2" onClick={onRetry}>
        Retry
      </Button>
    </ErrorNotice>
  );
}

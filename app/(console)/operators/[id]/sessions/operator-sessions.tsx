'use client';

import { FormDialog } from '@/components/form-dialog';
import { SessionsTable } from '@/components/sessions-table';
import { useAction } from '@/lib/actions/use-action';
import type { SessionView } from '@/lib/dal/sessions';
import { endOperatorSessionAction, endOperatorSessionsAction } from '../../actions';

/** An operator's sessions as an admin sees them: Sign out each, or Sign out everywhere. */
export function OperatorSessions({
  operator,
  sessions,
}: {
  operator: { id: number; email: string };
  sessions: SessionView[];
}) {
  const end = useAction(endOperatorSessionAction, {
    toastErrors: true,
    success: (s) => `Signed out ${operator.email} on ${s.browser} from ${s.clientAddress}`,
  });
  const all = useAction(endOperatorSessionsAction, {
    success: (n) => `Signed out ${n} session${n === 1 ? '' : 's'} of ${operator.email}`,
  });
  const mine = sessions.some((s) => s.current);
  return (
    <div className="space-y-3">
      <SessionsTable
        sessions={sessions}
        pending={end.pending}
        onEnd={(session) => end.run({ id: operator.id, session })}
      />
      {sessions.length > 0 && (
        <FormDialog
          trigger="Sign out everywhere"
          triggerVariant="secondary"
          title="Sign out everywhere"
          description={`End every session of ${operator.email}${mine ? ', this one of yours too' : ''}? Whoever uses them must sign in again.`}
          action={all}
          submitLabel="Sign out everywhere"
          pendingLabel="Signing out…"
          danger
          toInput={() => ({ id: operator.id })}
        />
      )}
    </div>
  );
}

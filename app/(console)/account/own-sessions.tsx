'use client';

import { FormDialog } from '@/components/form-dialog';
import { SessionsTable } from '@/components/sessions-table';
import { useAction } from '@/lib/actions/use-action';
import type { SessionView } from '@/lib/dal/sessions';
import { endOtherSessionsAction, endOwnSessionAction } from './actions';

/** The Account page's Sessions: each other session with Sign out, and Sign out other sessions. */
export function OwnSessions({ sessions }: { sessions: SessionView[] }) {
  const end = useAction(endOwnSessionAction, {
    toastErrors: true,
    success: (s) => `Signed out ${s.browser} from ${s.clientAddress}`,
  });
  const others = useAction(endOtherSessionsAction, {
    success: (n) => `Signed out ${n} other session${n === 1 ? '' : 's'}`,
  });
  const count = sessions.filter((s) => !s.current).length;
  return (
    <div className="space-y-3">
      <SessionsTable sessions={sessions} pending={end.pending} onEnd={(session) => end.run({ session })} />
      {count > 0 && (
        <FormDialog
          trigger="Sign out other sessions"
          triggerVariant="secondary"
          title="Sign out other sessions"
          description={`End your ${count} other session${count === 1 ? '' : 's'}? Whoever uses ${count === 1 ? 'it' : 'them'} must sign in again. This one goes on.`}
          action={others}
          submitLabel="Sign out other sessions"
          pendingLabel="Signing out…"
          danger
          toInput={() => ({})}
        />
      )}
    </div>
  );
}

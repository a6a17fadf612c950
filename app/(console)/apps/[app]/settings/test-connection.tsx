'use client';

import { Panel } from '@/components/panel';
import { Button } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/states';
import { useAction } from '@/lib/actions/use-action';
import type { AppSummary } from '@/lib/dal/apps';
import { testConnectionAction } from '../../actions';

const OP_WORDS: Record<string, string> = {
  usersget: 'list and search users',
  groupsget: 'list and search groups',
  messagesget: 'read stored messages',
  stats: 'count users, groups and messages',
};

/** Test connection: whether the backend answers, how fast, and which optional ops it offers. */
export function TestConnection({ app }: { app: AppSummary }) {
  const test = useAction(testConnectionAction, { refresh: false });
  const result = test.data;
  return (
    <Panel id="connection" title="Connection">
      <p className="mb-3 text-sm break-words">
        Backend API: <span className="font-mono">{app.apiUrl}</span>
      </p>
      <Button variant="secondary" disabled={test.pending} onClick={() => test.run({ app: app.id })}>
        {test.pending ? 'Testing…' : 'Test connection'}
      </Button>
      {test.error && (
        <div className="mt-3">
          <ErrorNotice error={test.error} />
        </div>
      )}
      <div role="status" className="mt-3 text-sm">
        {result?.reachable === false && (
          <p className="font-medium text-red-700 dark:text-red-400">
            Not reachable: {result.problem} ({result.ms} ms)
          </p>
        )}
        {result?.reachable && (
          <>
            <p className="font-medium text-emerald-700 dark:text-emerald-400">Reachable: answered in {result.ms} ms.</p>
            <ul className="mt-2 space-y-1">
              {Object.entries(result.offered).map(([op, offered]) => (
                <li key={op}>
                  <span className="font-mono">{op}</span>: {offered ? 'offered' : 'not offered'} ({OP_WORDS[op] ?? op})
                </li>
              ))}
            </ul>
            <p className="mt-2 text-slate-600 dark:text-slate-400">
              Every mesibo backend has the ops that change users, tokens, groups, members and messages.
            </p>
          </>
        )}
      </div>
    </Panel>
  );
}

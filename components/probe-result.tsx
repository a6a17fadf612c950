import type { Probe } from '@/lib/mesibo/probe';

/**
 * What a test of a Backend API found: whether it answered and how fast, and which optional
 * ops it offers. Shown by Test connection, and by New app and Change URL, which test first.
 */
const OP_WORDS: Record<string, string> = {
  usersget: 'list and search users',
  groupsget: 'list and search groups',
  messagesget: 'read stored messages',
  stats: 'count users, groups and messages',
};

export function ProbeResult({ probe }: { probe: Probe }) {
  if (!probe.reachable)
    return (
      <p className="font-medium text-red-700 dark:text-red-400">
        Not reachable: {probe.problem} ({probe.ms} ms)
      </p>
    );
  return (
    <>
      <p className="font-medium text-emerald-700 dark:text-emerald-400">Reachable: answered in {probe.ms} ms.</p>
      <ul className="mt-2 space-y-1">
        {Object.entries(probe.offered).map(([op, offered]) => (
          <li key={op}>
            <span className="font-mono">{op}</span>: {offered ? 'offered' : 'not offered'} ({OP_WORDS[op] ?? op})
          </li>
        ))}
      </ul>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        Every mesibo backend has the ops that change users, tokens, groups, members and messages.
      </p>
    </>
  );
}

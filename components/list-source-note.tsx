const WORDS = {
  users:
    "Users known to this console. This app's backend cannot list users (mesibo's cloud cannot): users created elsewhere appear here once added or imported.",
  groups:
    "Groups known to this console. This app's backend cannot list groups: groups created elsewhere appear here once changed here or imported.",
  messages:
    "Messages sent from this console. This app's backend cannot read stored messages (no op does on mesibo's cloud): messages sent elsewhere are not shown.",
} as const;

/** Says where a list comes from when it is the console's own directory, not the app's backend. */
export function ListSourceNote({ source, list }: { source?: 'backend' | 'directory'; list: keyof typeof WORDS }) {
  if (source !== 'directory') return null;
  return (
    <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="list-source">
      {WORDS[list]}
    </p>
  );
}

import type { Presence } from '@/lib/console/presence';
import { Time } from './time';

/** What webhooks said of a user: Online, "last seen 5 minutes ago", or a dash when they said nothing. */
export function PresenceText({ presence }: { presence?: Presence }) {
  if (!presence) return <>—</>;
  if (presence.online) return <span className="font-medium text-emerald-700 dark:text-emerald-400">Online</span>;
  return (
    <>
      last seen <Time ts={presence.seenTs} />
    </>
  );
}

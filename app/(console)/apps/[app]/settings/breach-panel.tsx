import { Panel } from '@/components/panel';
import { Time } from '@/components/time';
import type { AppDetail } from '@/lib/dal/apps';

/**
 * Token breach (bundled apps): the client addresses that used the app token within the
 * window, against the limit, a warning at the last one allowed, and after a breach what
 * happened and what to do, in order. (mesibo disables an app silently; this says why.)
 */
export function BreachPanel({ app }: { app: AppDetail }) {
  const limit = app.limit ?? 0;
  const count = app.clients.length;
  const lastAllowed = app.state === 'enabled' && count === limit;
  return (
    <Panel id="breach" title="Token breach">
      {app.state === 'breach' ? (
        <div
          role="alert"
          className="mb-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          <p className="font-medium">
            This app was disabled: its app token was used from more than {limit} client addresses within{' '}
            {app.windowHours} hours.
          </p>
          <p className="mt-1">
            A token used from that many places has probably leaked. Its Backend API refuses every request (TOKENBREACH).
          </p>
          <ol className="mt-2 list-decimal space-y-1 pl-5">
            <li>Rotate the app token now (App token, above): the app is enabled at once with the new token.</li>
            <li>Deploy the new token to your app servers: the old one no longer works.</li>
          </ol>
        </div>
      ) : lastAllowed ? (
        <p
          role="alert"
          className="mb-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          {count} of {limit} client addresses used: one more within {app.windowHours} hours disables the app.
        </p>
      ) : null}
      <p className="mb-2 text-sm">
        {count} of {limit} client addresses in the last {app.windowHours} hours (BREACH_MAX_IPS, BREACH_WINDOW_HOURS).
      </p>
      {count > 0 && (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Client addresses that used the app token</caption>
          <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 pr-3">
                Address
              </th>
              <th scope="col" className="py-1 pr-3">
                First seen
              </th>
              <th scope="col" className="py-1">
                Last seen
              </th>
            </tr>
          </thead>
          <tbody>
            {app.clients.map((c) => (
              <tr key={c.address} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1 pr-3 font-mono break-all">{c.address}</td>
                <td className="py-1 pr-3">
                  <Time ts={c.firstSeen} empty="—" />
                </td>
                <td className="py-1">
                  <Time ts={c.lastSeen} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PastBreaches breaches={app.breaches} />
    </Panel>
  );
}

/** Breaches kept after the rotations that ended them: when, from where, and when the token was rotated. */
function PastBreaches({ breaches }: { breaches: AppDetail['breaches'] }) {
  return (
    <section aria-labelledby="past-breaches" className="mt-4">
      <h3 id="past-breaches" className="text-sm font-medium">
        Past breaches
      </h3>
      {breaches.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">None: this app's token was never breached.</p>
      ) : (
        <ul className="mt-2 space-y-3">
          {breaches.map((b) => (
            <li key={b.id} className="rounded-md border border-slate-200 p-2 text-sm dark:border-slate-800">
              <p>
                <Time ts={b.ts} />: {b.clients.length} client addresses within {b.windowHours} hours (limit {b.limit}) ·{' '}
                {b.rotatedTs ? (
                  <>
                    token rotated <Time ts={b.rotatedTs} />
                  </>
                ) : (
                  'not rotated yet'
                )}
              </p>
              <ul className="mt-1 space-y-0.5" aria-label="Client addresses of this breach">
                {b.clients.map((c) => (
                  <li key={c.address} className="break-all">
                    <span className="font-mono">{c.address}</span>{' '}
                    <span className="text-slate-600 dark:text-slate-400">
                      (<Time ts={c.firstSeen} empty="—" /> to <Time ts={c.lastSeen} />)
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

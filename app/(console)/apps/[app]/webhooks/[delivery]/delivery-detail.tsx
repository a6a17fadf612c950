'use client';

import Link from 'next/link';
import { Panel } from '@/components/panel';
import { Time } from '@/components/time';
import { Button } from '@/components/ui/button';
import { Fact, Facts } from '@/components/ui/facts';
import { ErrorNotice, PageHeader } from '@/components/ui/states';
import { useAppAction } from '@/lib/actions/use-action';
import { useScopeApp } from '@/lib/app-context';
import type { DeliveryRow } from '@/lib/dal/webhooks';
import { appHref } from '@/lib/domain/app-paths';
import { applyAgainAction } from '../actions';

type Delivery = DeliveryRow & { body: string; changes: unknown[]; canApplyAgain: boolean };

/** The body as received, pretty-printed when it is JSON (the secret is already •••). */
function pretty(body: string) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function changeWords(c: unknown) {
  const change = c as { presence?: string; online?: boolean; learned?: string };
  if (change.presence) return `${change.presence}: ${change.online ? 'online' : 'offline'}`;
  if (change.learned) return `${change.learned}: added to the directory`;
  return JSON.stringify(c);
}

export function DeliveryDetail({ delivery: d }: { delivery: Delivery }) {
  const app = useScopeApp();
  const again = useAppAction(applyAgainAction, {
    success: (r) => `Applied again: ${r.changes} ${r.changes === 1 ? 'change' : 'changes'}`,
  });
  return (
    <>
      <PageHeader title={`Delivery ${d.id}`}>
        <Link href={appHref(app.id, '/webhooks')} className="text-sm underline">
          Back to webhooks
        </Link>
      </PageHeader>
      <div className="space-y-6">
        <Facts>
          <Fact label="Received">
            <Time ts={Math.floor(d.ts / 1000)} />
          </Fact>
          <Fact label="Result">
            {d.result === 'accepted'
              ? `Accepted${d.test ? ' (a test: it changes no user)' : ''}`
              : `Refused (${d.status}): ${d.reason}`}
          </Fact>
          <Fact label="Events">{d.types.length ? `${d.events}: ${d.types.join(', ')}` : d.events}</Fact>
          <Fact label="Addresses" className="break-all">
            {d.addresses.join(', ') || '—'}
          </Fact>
        </Facts>
        <Panel id="changed" title="What it changed">
          {d.changes.length ? (
            <ul className="list-inside list-disc text-sm">
              {[...new Set(d.changes.map(changeWords))].map((words) => (
                <li key={words}>{words}</li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">Nothing.</p>
          )}
          {d.canApplyAgain && (
            <div className="mt-3 space-y-2">
              <Button variant="secondary" onClick={() => again.run({ id: d.id })} disabled={again.pending}>
                Apply again
              </Button>
              {again.error && <ErrorNotice error={again.error} />}
            </div>
          )}
        </Panel>
        <Panel id="body" title="Body">
          <pre className="max-h-[32rem] overflow-auto rounded-md bg-slate-50 p-3 text-xs dark:bg-slate-800">
            {pretty(d.body)}
          </pre>
        </Panel>
      </div>
    </>
  );
}

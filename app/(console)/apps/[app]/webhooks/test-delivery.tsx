'use client';

import { Button } from '@/components/ui/button';
import { ErrorNotice } from '@/components/ui/states';
import { useAppAction } from '@/lib/actions/use-action';
import { deliveries } from '@/lib/queries/webhooks';
import { sendTestDeliveryAction } from './actions';

/**
 * Send test delivery: the console posts a sample version 1 delivery to this app's receiver
 * through the same code as mesibo's, and shows the answer, so the setup can be checked end to
 * end without mesibo. It is listed as a test and changes no user.
 */
export function TestDelivery() {
  const send = useAppAction(sendTestDeliveryAction, { invalidates: [deliveries.all] });
  const r = send.data;
  return (
    <div className="space-y-2">
      <Button variant="secondary" onClick={() => send.run({})} disabled={send.pending}>
        {send.pending ? 'Sending…' : 'Send test delivery'}
      </Button>
      <p role="status" className="text-sm empty:hidden">
        {r &&
          (r.status === 200
            ? `Test delivery accepted: the receiver answered 200 ${r.text}.`
            : r.status === 404
              ? 'The receiver is off (it answered 404): turn it on, then send a test delivery.'
              : `Test delivery refused: ${r.status} ${r.text}`)}
      </p>
      {send.error && <ErrorNotice error={send.error} />}
    </div>
  );
}

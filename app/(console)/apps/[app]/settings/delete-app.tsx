'use client';

import { useRouter } from 'next/navigation';
import { DangerZone } from '@/components/danger-zone';
import { FormDialog } from '@/components/form-dialog';
import { useTypedConfirmation } from '@/components/typed-confirmation';
import { useAction } from '@/lib/actions/use-action';
import type { AppSummary } from '@/lib/dal/apps';
import { deleteAppAction } from '../../actions';

/** Delete app, confirmed by typing its name; a bundled app's data goes with it, and the dialog says so. */
export function DeleteApp({ app }: { app: AppSummary }) {
  const router = useRouter();
  const del = useAction(deleteAppAction, {
    refresh: false,
    success: (a) => `App ${a.name} deleted`,
    onSuccess: () => router.push('/apps'),
  });
  const confirm = useTypedConfirmation(app.name, "Type the app's name to confirm", del.fieldError('confirm'));
  const what =
    app.kind === 'bundled'
      ? 'Deletes the app and all its data on this server: its users, their tokens, its groups, members and messages. Its app token stops working. This cannot be undone.'
      : 'Removes the app from this console, with its stored token. Its backend and the data there are not touched.';
  if (app.isDefault)
    return (
      <DangerZone id="danger" title="Delete this app" text="The default app can be disabled, but not deleted.">
        {null}
      </DangerZone>
    );
  return (
    <DangerZone id="danger" title="Delete this app" text={what}>
      <FormDialog
        trigger="Delete app"
        triggerVariant="danger"
        title="Delete app"
        description={`${what} Type ${app.name} to confirm.`}
        action={del}
        danger
        submitLabel="Delete app"
        disabled={!confirm.confirmed}
        onClose={confirm.reset}
        toInput={() => ({ app: app.id, confirm: confirm.typed })}
      >
        {confirm.field}
      </FormDialog>
    </DangerZone>
  );
}

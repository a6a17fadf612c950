'use client';

import { ActionForm } from '@/components/action-form';
import { TextField } from '@/components/ui/field';
import { useAppAction } from '@/lib/actions/use-action';
import { changeWebhookAction } from './actions';

/**
 * Which envelopes are accepted (Version 1 only: the secret on every delivery; Versions 1 and 2:
 * a version 2 delivery has no secret, so the URL's id is its only credential), and the mesibo
 * app id deliveries must name, when set.
 */
export function WebhookOptions({ versions, mesiboAid }: { versions: '1' | '1,2'; mesiboAid: string }) {
  const save = useAppAction(changeWebhookAction, { success: () => 'Webhook settings saved' });
  return (
    <ActionForm
      action={save}
      label="Webhook settings"
      submitLabel="Save"
      pendingLabel="Saving…"
      toInput={(form) => ({
        versions: form.get('versions') === '1' ? ('1' as const) : ('1,2' as const),
        mesiboAid: String(form.get('mesiboAid') ?? ''),
      })}
    >
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Versions accepted</legend>
        <label className="flex gap-2">
          <input type="radio" name="versions" value="1" defaultChecked={versions === '1'} className="mt-1" />
          <span>Version 1 only (the secret is required on every delivery)</span>
        </label>
        <label className="flex gap-2">
          <input type="radio" name="versions" value="1,2" defaultChecked={versions !== '1'} className="mt-1" />
          <span>Versions 1 and 2 (version 2 sends no secret: the URL's id is then the credential)</span>
        </label>
      </fieldset>
      <TextField
        label="mesibo app id"
        name="mesiboAid"
        defaultValue={mesiboAid}
        inputMode="numeric"
        autoComplete="off"
        hint="When set, deliveries for another mesibo app (their aid) are refused. Empty: any."
        error={save.fieldError('mesiboAid')}
      />
    </ActionForm>
  );
}

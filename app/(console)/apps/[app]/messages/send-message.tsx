'use client';

import { useRef } from 'react';
import { ActionForm, text } from '@/components/action-form';
import { TextAreaField, TextField } from '@/components/ui/field';
import { useAppAction } from '@/lib/actions/use-action';
import { messages } from '@/lib/queries/messages';
import { sendMessageAction } from './actions';

const FIELDS = [
  { label: 'From', name: 'from', required: true, hint: "The sending user's address." },
  {
    label: 'To',
    name: 'to',
    hint: 'Addresses, separated by commas (a space after a comma is ignored; any other space is part of the address).',
  },
  { label: 'Group', name: 'gid', inputMode: 'numeric' as const, hint: 'Or a group id.' },
];

/** Send a message from a user to users (To) or to a group (Group). */
export function SendMessage() {
  const box = useRef<HTMLDivElement>(null);
  const send = useAppAction(sendMessageAction, {
    invalidates: [messages.all],
    refresh: false,
    success: ({ mid }) => `Message ${mid} sent`,
    onSuccess: () => {
      const message = box.current?.querySelector('textarea');
      if (message) message.value = '';
    },
  });
  return (
    <section
      aria-labelledby="send"
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="send" className="mb-3 text-lg font-medium">
        Send a message
      </h2>
      <ActionForm
        action={send}
        label="Send message"
        submitLabel="Send message"
        pendingLabel="Sending…"
        className="grid gap-3 sm:grid-cols-3 [&>*:nth-last-child(-n+2)]:sm:col-span-3"
        toInput={(form) => ({
          from: text(form, 'from'),
          to: text(form, 'to'),
          gid: text(form, 'gid'),
          message: text(form, 'message'),
        })}
      >
        {FIELDS.map((f) => (
          <TextField key={f.name} {...f} autoComplete="off" error={send.fieldError(f.name)} />
        ))}
        <div ref={box} className="sm:col-span-3">
          <TextAreaField label="Message" name="message" required rows={3} error={send.fieldError('message')} />
        </div>
      </ActionForm>
    </section>
  );
}

'use client';

import { useEffect, useRef } from 'react';
import { useAction } from '@/lib/actions/use-action';
import type { TwoFactorSetup as Enrolment } from '@/lib/dal/account';
import type { ActionResult } from '@/lib/result';
import { ActionForm, text } from './action-form';
import { CodeField } from './code-field';
import { CopyField } from './copy-field';
import { RecoveryCodes } from './recovery-codes';
import { ErrorNotice, Spinner } from './ui/states';

/**
 * Setting up two-factor sign-in, on the Account page and where Require two-factor holds a
 * sign-in: a new secret as a QR code and as text; a code from it turns two-factor on
 * (**Turn on two-factor**); then the recovery codes, once. The page passes its own actions.
 */
export function TwoFactorSetup({
  email,
  begin,
  turnOn,
  onDone,
}: {
  email: string;
  begin: (input: Record<string, never>) => Promise<ActionResult<Enrolment>>;
  turnOn: (input: { code: string }) => Promise<ActionResult<{ recoveryCodes: string[] }>>;
  onDone: () => void;
}) {
  const started = useAction(begin, { refresh: false });
  const confirm = useAction(turnOn, { refresh: false });
  // One secret per opening: a second one would replace the first while its QR code is on screen.
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    started.run({});
  }, [started]);
  if (confirm.data) return <RecoveryCodes codes={confirm.data.recoveryCodes} email={email} onDone={onDone} />;
  if (started.error) return <ErrorNotice error={started.error} />;
  const setup = started.data;
  if (!setup) return <Spinner label="Making a new secret" />;
  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-4 pl-5 text-sm">
        <li>
          <p>
            Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, …).
          </p>
          {/* The code's dark modules on white, in dark mode too: cameras need the contrast. */}
          {/* biome-ignore lint/performance/noImgElement: a data URL made on the server, no optimisation to gain */}
          <img
            src={setup.qr}
            alt={`QR code that adds mesibo-admin (${email}) to an authenticator app`}
            width={184}
            height={184}
            className="mt-2 rounded-md bg-white p-1"
          />
        </li>
        <li>
          <CopyField
            label="Setup key"
            value={setup.secret}
            about="Cannot scan? Type this key in the app instead (time-based, 6 digits, 30 seconds)."
          />
        </li>
        <li>
          <p className="mb-2">Type the code the app shows now.</p>
          <ActionForm
            action={confirm}
            toInput={(form) => ({ code: text(form, 'code') })}
            submitLabel="Turn on two-factor"
            pendingLabel="Turning on…"
          >
            <CodeField error={confirm.fieldError('code')} />
          </ActionForm>
        </li>
      </ol>
    </div>
  );
}

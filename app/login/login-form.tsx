'use client';

import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { useHydrated } from '@/lib/use-hydrated';

export function LoginForm() {
  const router = useRouter();
  const password = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  // Until the page has hydrated, Sign in is disabled (a form sent before would go without
  // this handler), and the form says POST: never a password in a URL, a log or the history.
  const hydrated = useHydrated();

  // onSubmit, not <form action>: React resets a form after its action, and a refused
  // sign-in must keep the e-mail the operator typed.
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      const result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
      });
      if (result?.ok && !result.error) {
        // The page, rendered again for the new session, goes on to `next`, or asks for the
        // second factor (or its setup) first.
        router.refresh();
        return;
      }
      // One answer for every refusal: it must not tell whether the e-mail exists.
      setError('Email or password is wrong, or the account is locked for a while after repeated failures.');
    } catch {
      setError('The server could not be reached. Check your connection and try again.');
    }
    setPending(false);
    if (password.current) {
      password.current.value = '';
      password.current.focus();
    }
  }

  return (
    <form method="post" onSubmit={submit} className="mt-4 space-y-4">
      <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <TextField
        ref={password}
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={pending || !hydrated}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}

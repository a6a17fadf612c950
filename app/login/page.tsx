import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { currentSession } from '@/lib/auth/session';
import { consoleOrigin } from '@/lib/env';
import { safeNextPath } from '@/lib/server/same-origin';
import { signOutAction } from '../(console)/actions';
import { LoginForm } from './login-form';
import { RequiredSetup } from './required-setup';
import { SecondFactorForm } from './second-factor-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

/**
 * Signing in, step by step as the session stands: the password; then, with two-factor on, a
 * code (or a recovery code); or, where Require two-factor applies and it is off, setting it
 * up. A whole session goes on to `next`.
 */
export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; changed?: string | string[] }>;
}) {
  const { next, changed } = await searchParams;
  // Only paths of the console's own origin: never send a fresh session to another site.
  const target = safeNextPath(next, consoleOrigin());
  const session = await currentSession();
  if (session?.stage === 'full') redirect(target);
  if (session?.stage === 'code')
    return (
      <Card title="Two-factor sign-in" wide={false} email={session.operator.email}>
        <SecondFactorForm next={target} />
      </Card>
    );
  if (session?.stage === 'setup')
    return (
      <Card title="Set up two-factor sign-in" wide email={session.operator.email}>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          An admin requires two-factor sign-in for your role. Set it up to go on: you will need your phone each time you
          sign in.
        </p>
        <RequiredSetup email={session.operator.email} next={target} />
      </Card>
    );
  return (
    <Card title="Sign in to mesibo-admin" wide={false}>
      {changed === '1' && (
        <p
          role="status"
          className="mt-3 rounded-md bg-emerald-50 p-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
        >
          Your password was changed, and every session ended. Sign in with the new password.
        </p>
      )}
      <LoginForm />
    </Card>
  );
}

/** The sign-in's card; past the password, whose sign-in it is and a way out of it. */
function Card({ title, wide, email, children }: { title: string; wide: boolean; email?: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-8">
      <div
        className={`w-full ${wide ? 'max-w-lg' : 'max-w-sm'} rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900`}
      >
        <h1 className="text-xl font-semibold">{title}</h1>
        {email && <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Signing in as {email}</p>}
        {children}
        {email && (
          <form action={signOutAction} className="mt-4 border-t border-slate-200 pt-3 dark:border-slate-800">
            <Button type="submit" variant="ghost" className="w-full">
              Use another account
            </Button>
          </form>
        )}
      </div>
    </main>
  );
}

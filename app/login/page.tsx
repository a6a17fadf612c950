import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentOperator } from '@/lib/auth/session';
import { consoleOrigin } from '@/lib/env';
import { safeNextPath } from '@/lib/server/same-origin';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; changed?: string | string[] }>;
}) {
  const { next, changed } = await searchParams;
  // Only paths of the console's own origin: never send a fresh session to another site.
  const target = safeNextPath(next, consoleOrigin());
  if (await currentOperator()) redirect(target);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-xl font-semibold">Sign in to mesibo-admin</h1>
        {changed === '1' && (
          <p
            role="status"
            className="mt-3 rounded-md bg-emerald-50 p-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
          >
            Your password was changed, and every session ended. Sign in with the new password.
          </p>
        )}
        <LoginForm next={target} />
      </div>
    </main>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { Forbidden } from '@/components/forbidden';
import { EmptyState, PageHeader } from '@/components/ui/states';
import { pageOperator } from '@/lib/auth/page-guard';
import { readOperatorSessions } from '@/lib/dal/operators';
import { ConsoleError } from '@/lib/errors';
import { OperatorRef } from '@/lib/validations/operators';
import { OperatorSessions } from './operator-sessions';

export const metadata: Metadata = { title: 'Sessions' };

/** Sessions of …: an operator's open sessions, for an admin to see and end. */
export default async function OperatorSessionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  if (!(await pageOperator('operators.manage', `/operators/${raw}/sessions`))) return <Forbidden />;
  const ref = OperatorRef.safeParse({ id: raw });
  const found = ref.success
    ? await readOperatorSessions(ref.data.id).catch((e) => {
        if (e instanceof ConsoleError && e.code === 'not_found') return undefined;
        throw e;
      })
    : undefined;
  const back = (
    <Link href="/operators" className="text-sm text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300">
      ← Operators
    </Link>
  );
  if (!found)
    return (
      <>
        {back}
        <EmptyState title="No such operator">
          It may have been deleted. The Operators page lists every operator.
        </EmptyState>
      </>
    );
  const { operator, sessions } = found;
  return (
    <>
      {back}
      <PageHeader title={`Sessions of ${operator.email}`}>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {operator.role} · two-factor {operator.twoFactor ? 'on' : 'off'}
          {operator.disabled ? ' · disabled' : ''}
        </p>
      </PageHeader>
      <OperatorSessions operator={{ id: operator.id, email: operator.email }} sessions={sessions} />
    </>
  );
}

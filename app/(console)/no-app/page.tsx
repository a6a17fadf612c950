import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { EmptyState, PageHeader } from '@/components/ui/states';
import { operatorApps } from '@/lib/auth/app-guard';
import { currentOperator } from '@/lib/auth/session';
import { can } from '@/lib/console/roles';
import { appHref } from '@/lib/domain/app-paths';

export const metadata: Metadata = { title: 'No app' };

/** Where `/` leads an operator with no app to open: what to do about it. */
export default async function NoAppPage() {
  const operator = await currentOperator();
  if (!operator) redirect('/login');
  const [home] = await operatorApps(operator);
  if (home) redirect(appHref(home.id));
  const admin = can(operator.role, 'apps.manage');
  return (
    <>
      <PageHeader title="No app yet" />
      <EmptyState title={admin ? 'This console has no app yet' : 'No app is open to you'}>
        {admin ? (
          <>
            Add one on the{' '}
            <Link href="/apps" className="underline">
              Apps page
            </Link>
            : an app of this server, or any mesibo Backend API by its URL.
          </>
        ) : (
          'Ask an administrator to give you access to an app.'
        )}
      </EmptyState>
    </>
  );
}

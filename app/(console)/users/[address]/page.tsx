import type { Metadata } from 'next';
import Link from 'next/link';
import { Forbidden } from '@/components/forbidden';
import { RetryButton } from '@/components/retry-button';
import { EmptyState, ErrorNotice, PageHeader } from '@/components/ui/states';
import { toActionError } from '@/lib/actions/run';
import { pageOperator } from '@/lib/auth/page-guard';
import { can } from '@/lib/auth/roles';
import { findUser, type UserRow } from '@/lib/dal/users';
import { UserDetail } from './user-detail';

type Props = { params: Promise<{ address: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).address) };
}

export default async function UserPage({ params }: Props) {
  const address = decodeURIComponent((await params).address);
  const operator = await pageOperator('users.view', `/users/${encodeURIComponent(address)}`);
  if (!operator) return <Forbidden />;
  let user: UserRow | undefined;
  try {
    user = await findUser(address);
  } catch (e) {
    const err = toActionError(e, 'user');
    return (
      <>
        <PageHeader title={address} />
        <ErrorNotice message={err.message} action={err.action} requestId={err.requestId}>
          <RetryButton />
        </ErrorNotice>
      </>
    );
  }
  if (!user) {
    return (
      <>
        <PageHeader title={address} />
        <EmptyState title="No user with this address">
          It may have been deleted.{' '}
          <Link href="/users" className="underline">
            Back to users
          </Link>
        </EmptyState>
      </>
    );
  }
  return (
    <UserDetail
      user={user}
      can={{
        edit: can(operator.role, 'users.edit'),
        activate: can(operator.role, 'users.activate'),
        tokens: can(operator.role, 'tokens.manage'),
      }}
    />
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { AddressText } from '@/components/address-text';
import { Forbidden } from '@/components/forbidden';
import { RetryButton } from '@/components/retry-button';
import { EmptyState, ErrorNotice, PageHeader } from '@/components/ui/states';
import { toActionError } from '@/lib/actions/run';
import { pageOperator } from '@/lib/auth/page-guard';
import { can } from '@/lib/auth/roles';
import { findUser, type UserRow } from '@/lib/dal/users';
import { UserDetail } from './user-detail';

type Props = { params: Promise<{ address: string }> };

/**
 * Next hands the segment over still percent-encoded, as the browser sent it. It is decoded
 * exactly once, here; a segment that is not valid percent-encoding (a hand-typed "/users/a%b")
 * is taken as written instead of failing the page.
 */
function addressOf(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: addressOf((await params).address) };
}

export default async function UserPage({ params }: Props) {
  const address = addressOf((await params).address);
  const operator = await pageOperator('users.view', `/users/${encodeURIComponent(address)}`);
  if (!operator) return <Forbidden />;
  let user: UserRow | undefined;
  try {
    user = await findUser(address);
  } catch (e) {
    const err = toActionError(e, 'user');
    return (
      <>
        <PageHeader title={<AddressText address={address} />} />
        <ErrorNotice message={err.message} action={err.action} requestId={err.requestId}>
          <RetryButton />
        </ErrorNotice>
      </>
    );
  }
  if (!user) {
    return (
      <>
        <PageHeader title={<AddressText address={address} />} />
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

import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { toActionError } from '@/lib/actions/run';
import { pageOperator } from '@/lib/auth/page-guard';
import { can } from '@/lib/auth/roles';
import { listMessages } from '@/lib/dal/messages';
import type { MessagesPageData } from '@/lib/queries/messages';
import { MessageFilter } from '@/lib/validations/messages';
import { type RawSearchParams, singleValues } from '@/lib/validations/search-params';
import { MessagesView } from './messages-view';

export const metadata: Metadata = { title: 'Messages' };

export default async function MessagesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const operator = await pageOperator('messages.view', '/messages');
  if (!operator) return <Forbidden />;
  const raw = singleValues(await searchParams);
  const filter = MessageFilter.parse(raw);
  const trail = (raw.trail ?? '').split(',').filter((c) => /^\d{1,16}$/.test(c));
  let initial: MessagesPageData | undefined;
  let initialError: ReturnType<typeof toActionError> | undefined;
  try {
    initial = await listMessages(
      { from: filter.from, to: filter.to, gid: filter.gid ? Number(filter.gid) : undefined },
      filter.cursor,
    );
  } catch (e) {
    initialError = toActionError(e, 'messages');
  }
  return (
    <>
      <PageHeader title="Messages" />
      <MessagesView
        filter={filter}
        trail={trail}
        initial={initial}
        initialError={initialError}
        canSend={can(operator.role, 'messages.send')}
      />
    </>
  );
}

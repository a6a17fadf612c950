import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { pageOperator } from '@/lib/auth/page-guard';
import { can } from '@/lib/console/roles';
import { listMessages } from '@/lib/dal/messages';
import { pageList } from '@/lib/dal/page-data';
import { MessageFilter } from '@/lib/validations/messages';
import type { RawSearchParams } from '@/lib/validations/search-params';
import { MessagesView } from './messages-view';

export const metadata: Metadata = { title: 'Messages' };

const filterOf = (raw: Record<string, string>) => {
  const { from, to, gid } = MessageFilter.safeParse(raw).data ?? { from: '', to: '', gid: '' };
  return { from, to, gid };
};

export default async function MessagesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const operator = await pageOperator('messages.view', '/messages');
  if (!operator) return <Forbidden />;
  const list = await pageList('/messages', searchParams, filterOf, listMessages);
  return (
    <>
      <PageHeader title="Messages" />
      <MessagesView list={list} canSend={can(operator.role, 'messages.send')} />
    </>
  );
}

import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { can } from '@/lib/console/roles';
import { listMessages } from '@/lib/dal/messages';
import { appPage, pageList } from '@/lib/dal/page-data';
import { appApi, appHref } from '@/lib/domain/app-paths';
import { MessageFilter } from '@/lib/validations/messages';
import type { RawSearchParams } from '@/lib/validations/search-params';
import { MessagesView } from './messages-view';

export const metadata: Metadata = { title: 'Messages' };

const filterOf = (raw: Record<string, string>) => {
  const { from, to, gid } = MessageFilter.safeParse(raw).data ?? { from: '', to: '', gid: '' };
  return { from, to, gid };
};

type Props = { params: Promise<{ app: string }>; searchParams: Promise<RawSearchParams> };

export default async function MessagesPage({ params, searchParams }: Props) {
  const segment = (await params).app;
  const { operator, app, refused } = await appPage(segment, 'messages.view', `/apps/${segment}/messages`);
  if (refused) return <Forbidden reason={refused} />;
  const list = await pageList(
    { path: appHref(app.id, '/messages'), endpoint: appApi(app.id, 'messages'), appId: app.id },
    searchParams,
    filterOf,
    (filter, cursor) => listMessages(app, filter, cursor),
  );
  return (
    <>
      <PageHeader title="Messages" />
      <MessagesView list={list} canSend={can(operator.role, 'messages.send')} />
    </>
  );
}

import type { Metadata } from 'next';
import { ExportCsvButton } from '@/components/export-csv-button';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { can } from '@/lib/console/roles';
import { listMessages } from '@/lib/dal/messages';
import { type AppListProps, appListPage } from '@/lib/dal/page-data';
import { exportApi } from '@/lib/domain/app-paths';
import { MessageFilter } from '@/lib/validations/messages';
import { MessagesView } from './messages-view';

export const metadata: Metadata = { title: 'Messages' };

const filterOf = (raw: Record<string, string>) => {
  const { cursor: _, ...filter } = MessageFilter.safeParse(raw).data ?? MessageFilter.parse({});
  return filter;
};

export default async function MessagesPage(props: AppListProps) {
  const page = await appListPage(props, {
    list: 'messages',
    permission: 'messages.view',
    filter: filterOf,
    load: listMessages,
  });
  if (page.refused) return <Forbidden reason={page.refused} />;
  return (
    <>
      <PageHeader title="Messages">
        {can(page.operator.role, 'data.export') && (
          <ExportCsvButton
            href={exportApi(page.app.id, 'messages', page.list.filter)}
            description="The message log (what its filter matches), as CSV"
          />
        )}
      </PageHeader>
      <MessagesView list={page.list} canSend={can(page.operator.role, 'messages.send')} />
    </>
  );
}

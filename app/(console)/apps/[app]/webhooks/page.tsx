import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { ErrorNotice, PageHeader } from '@/components/ui/states';
import { type AppListProps, appListPage, pageData } from '@/lib/dal/page-data';
import { listDeliveries, readWebhook } from '@/lib/dal/webhooks';
import { appHref } from '@/lib/domain/app-paths';
import { DeliveryFilter } from '@/lib/validations/webhooks';
import { DeliveriesView } from './deliveries-view';
import { WebhookSettings } from './webhook-settings';

export const metadata: Metadata = { title: 'Webhooks' };

const filterOf = (raw: Record<string, string>) => {
  const { address, type, result } = DeliveryFilter.parse(raw);
  return { address, type, result };
};

/** An app's webhook receiver (its URL and secret for admins and operators) and what mesibo delivered to it. */
export default async function WebhooksPage(props: AppListProps) {
  const page = await appListPage(props, {
    list: 'webhooks',
    permission: 'webhooks.view',
    filter: filterOf,
    load: listDeliveries,
  });
  if (page.refused) return <Forbidden reason={page.refused} />;
  const hook = await pageData(appHref(page.app.id, '/webhooks'), () => readWebhook(page.app), page.app.id);
  return (
    <>
      <PageHeader title="Webhooks" />
      <div className="space-y-6">
        {hook.error ? <ErrorNotice error={hook.error} /> : <WebhookSettings view={hook.data} />}
        <DeliveriesView list={page.list} />
      </div>
    </>
  );
}

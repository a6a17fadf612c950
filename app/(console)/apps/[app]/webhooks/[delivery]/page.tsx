import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageFailure, PageGone } from '@/components/page-failure';
import { appPage, pageData } from '@/lib/dal/page-data';
import { getDelivery } from '@/lib/dal/webhooks';
import { appHref, deliveryHref } from '@/lib/domain/app-paths';
import { DeliveryId } from '@/lib/validations/webhooks';
import { DeliveryDetail } from './delivery-detail';

type Props = { params: Promise<{ app: string; delivery: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Delivery ${(await params).delivery}` };
}

/** One webhook delivery: its body (the secret shown as •••), what it changed, Apply again. */
export default async function DeliveryPage({ params }: Props) {
  const { app: segment, delivery: raw } = await params;
  const { app, refused } = await appPage(
    segment,
    'webhooks.view',
    `/apps/${segment}/webhooks/${encodeURIComponent(raw)}`,
  );
  if (refused) return <Forbidden reason={refused} />;
  const id = DeliveryId.safeParse(raw);
  const { data, error } = await pageData(
    deliveryHref(app.id, id.success ? id.data : 0),
    async () => (id.success ? getDelivery(app, id.data) : undefined),
    app.id,
  );
  if (error) return <PageFailure title={`Delivery ${raw}`} error={error} />;
  if (!data)
    return (
      <PageGone
        title={`Delivery ${raw}`}
        what="No delivery with this id"
        back={{ href: appHref(app.id, '/webhooks'), label: 'Back to webhooks' }}
      />
    );
  return <DeliveryDetail delivery={data} />;
}

import type { DeliveryRow } from '@/lib/dal/webhooks';
import { defineList } from './list';

/** An app's webhook deliveries as the browser fetches them (browser-safe). */
export type DeliveryFilter = { address: string; type: string; result: '' | 'accepted' | 'refused' };
export const deliveries = defineList<DeliveryFilter, DeliveryRow>('webhooks');

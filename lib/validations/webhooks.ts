import { z } from 'zod';
import { Cursor } from './common';

/** The Webhooks page's settings and its list of deliveries. */
export const WebhookChangeInput = z.object({
  enabled: z.boolean().optional(),
  versions: z.enum(['1', '1,2'], { error: 'Choose Version 1 only, or Versions 1 and 2.' }).optional(),
  mesiboAid: z
    .string()
    .trim()
    .regex(/^\d{0,20}$/, { error: 'A mesibo app id is a number (leave it empty to accept any).' })
    .optional(),
});
export const DeliveryFilter = z.object({
  address: z.string().max(1024).default(''),
  type: z.string().max(64).default(''),
  result: z.enum(['', 'accepted', 'refused']).catch(''),
  cursor: Cursor.catch(undefined),
});
/** Nothing but the app (New URL, New secret). */
export const NoInput = z.object({});
/** One delivery of the app, by its id. */
export const DeliveryId = z.coerce
  .number({ error: 'Not a delivery id.' })
  .int({ error: 'Not a delivery id.' })
  .positive({ error: 'Not a delivery id.' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'Not a delivery id.' });
export const DeliveryRef = z.object({ id: DeliveryId });

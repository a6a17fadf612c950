import { z } from 'zod';
import { Cursor } from './common';

/** The audit log's filter (its page's URL and its route handlers). */
export const AuditFilter = z.object({
  operator: z.string().trim().max(320).catch('').default(''),
  action: z.string().trim().max(64).catch('').default(''),
  /** An app's id, or '' for every app (and the console-wide entries). */
  app: z
    .string()
    .regex(/^[1-9]\d{0,15}$/)
    .catch('')
    .default(''),
  cursor: Cursor.catch(undefined),
});

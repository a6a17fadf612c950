import { z } from 'zod';
import { AUDIT_OUTCOMES } from '@/lib/domain/audit-outcomes';
import { Cursor } from './common';

/** The audit log's filter (its page's URL and its route handlers): empty fields filter nothing. */
export const AuditFilter = z.object({
  operator: z.string().trim().max(320).catch('').default(''),
  action: z.string().trim().max(64).catch('').default(''),
  /** An app's id, or '' for every app (and the console-wide entries). */
  app: z
    .string()
    .regex(/^[1-9]\d{0,15}$/)
    .catch('')
    .default(''),
  /** What it was done to: an address, an operator's e-mail, `gid 12`, `job 7` (lib/domain/audit-targets.ts). */
  target: z.string().trim().max(320).catch('').default(''),
  outcome: z.enum(AUDIT_OUTCOMES).or(z.literal('')).catch('').default(''),
  /** Days (YYYY-MM-DD) in the operator's time zone, checked with the range where it is read (lib/server/time-zone.ts). */
  since: z.string().max(10).default('').catch(''),
  until: z.string().max(10).default('').catch(''),
  cursor: Cursor.catch(undefined),
});

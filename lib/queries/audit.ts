import type { AuditRowDto } from '@/lib/dal/audit';
import { defineList } from './list';

/** The audit log as the browser fetches it, from /api/audit (browser-safe). */
export type AuditFilter = { operator: string; action: string; app: string };
export const audit = defineList<AuditFilter, AuditRowDto>('audit');

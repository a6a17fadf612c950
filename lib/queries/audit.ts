import type { AuditRowDto } from '@/lib/dal/audit';
import { defineList } from './list';

/** The audit log as the browser fetches it (browser-safe). */
export type AuditFilter = { operator: string; action: string };
export const audit = defineList<AuditFilter, AuditRowDto>('audit', () => '/api/audit');

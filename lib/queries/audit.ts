import type { AuditRowDto } from '@/lib/dal/audit';
import { defineList } from './list';

/** The audit log as the browser fetches it, from /api/audit (browser-safe). */
export type AuditFilter = {
  operator: string;
  action: string;
  app: string;
  target: string;
  outcome: string;
  since: string;
  until: string;
};
export const NO_AUDIT_FILTER: AuditFilter = {
  operator: '',
  action: '',
  app: '',
  target: '',
  outcome: '',
  since: '',
  until: '',
};
export const audit = defineList<AuditFilter, AuditRowDto>('audit');

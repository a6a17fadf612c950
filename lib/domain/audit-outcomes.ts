/**
 * How an audit entry ended (browser-safe): `ok`; `denied` (the operator may not); `failed` (the
 * backend refused, or did not answer: a change may have happened); `invalid` (input refused,
 * nothing done). What the log keeps and its Outcome filter offers.
 */
export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed', 'invalid'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

import 'server-only';
import { type AuditAuthor, type AuditEntry, recordBy } from '@/lib/console/audit';
import type { Operator } from '@/lib/console/operators';
import { consoleDb } from '@/lib/server/db';
import { log } from '@/lib/server/log';
import { requestClientAddress } from './request';

/**
 * The one way a request writes its audit entry (actions, page data, route handlers, sign-in
 * and sign-out): by its operator, or, without a session, by its client address (those entries
 * are of the sender's making, and bounded). `change`: something changed, or may have; every
 * other entry is `repeatable`, bounded per session. A failed write is logged, never thrown:
 * the request's own outcome stands.
 */
export async function auditRequest(
  by: {
    operator?: Pick<Operator, 'id' | 'email' | 'role' | 'sessionId'>;
    /** Without a session: the client address when not this request's (sign-in reads it from its own headers). */
    clientAddress?: string;
    claimed?: { email: string; id?: number };
  },
  entry: Omit<AuditEntry, 'operatorId' | 'operatorEmail' | 'role'>,
  kind: 'change' | 'repeatable',
): Promise<void> {
  try {
    const author: AuditAuthor = by.operator
      ? { operator: by.operator }
      : { clientAddress: by.clientAddress ?? (await requestClientAddress()), claimed: by.claimed };
    await recordBy(await consoleDb(), author, entry, kind);
  } catch (err) {
    log().error({ err, requestId: entry.requestId }, 'audit write failed');
  }
}

import 'server-only';
import type { Db } from '@/lib/db/types';

/**
 * Recurring tasks (retention now; rollups and checks later): each runs on one instance at a
 * time, under a lease in `job_tasks`, and at most once per period across all instances.
 */
export interface RecurringTask {
  name: string;
  everyMs: number;
  run(): Promise<void>;
}

/**
 * Runs `task` here when it is due and no other instance holds it: one conditional upsert
 * takes the lease, so two instances never both run it. Returns whether it ran.
 */
export async function runIfDue(db: Db, task: RecurringTask, owner: string, leaseMs: number): Promise<boolean> {
  const now = Date.now();
  const [taken] = await db.write<{ name: string }>(
    `INSERT INTO job_tasks (name, lease_owner, lease_until, last_run) VALUES (?, ?, ?, 0)
     ON CONFLICT (name) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
     WHERE job_tasks.lease_until < ? AND job_tasks.last_run <= ?
     RETURNING name`,
    [task.name, owner, now + leaseMs, now, now - task.everyMs],
  );
  if (!taken) return false;
  try {
    await task.run();
  } finally {
    await db.run(`UPDATE job_tasks SET last_run = ?, lease_until = 0 WHERE name = ? AND lease_owner = ?`, [
      Date.now(),
      task.name,
      owner,
    ]);
  }
  return true;
}

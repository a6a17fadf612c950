import { z } from 'zod';
import { AppRef } from './apps';
import { Gid } from './common';

/** A job's id, as URLs and forms give it. */
export const JobId = z.coerce
  .number({ error: 'Not a job id.' })
  .int({ error: 'Not a job id.' })
  .positive({ error: 'Not a job id.' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'Not a job id.' });

export const JobRef = z.object({ job: JobId });

/** The rows a job's page lists: all of them, or only those that did not go as the file asked. */
export const JobRowsFilter = z.object({
  show: z.enum(['', 'problems']).catch(''),
  cursor: z
    .string()
    .regex(/^\d{1,16}$/)
    .optional()
    .catch(undefined),
});

/** Start import: the checked draft, how to apply it, and whether invalid rows are skipped. */
export const StartImportInput = AppRef.extend({
  job: JobId,
  mode: z.enum(['directory', 'backend'], { error: 'Choose Add to directory or Create on the backend.' }),
  skipInvalid: z.boolean().default(false),
});

/** Start Import members: the checked draft of group `gid`, whether unknown addresses join the directory, whether invalid rows are skipped. */
export const StartMembersImportInput = AppRef.extend({
  job: JobId,
  gid: Gid,
  addUnknown: z.boolean().default(false),
  skipInvalid: z.boolean().default(false),
});

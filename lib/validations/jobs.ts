import { z } from 'zod';
import { AppRef } from './apps';

/** A job's id, as URLs and forms give it. */
export const JobId = z.coerce
  .number({ error: 'Not a job id.' })
  .int({ error: 'Not a job id.' })
  .positive({ error: 'Not a job id.' })
  .max(Number.MAX_SAFE_INTEGER, { error: 'Not a job id.' });

export const JobRef = z.object({ job: JobId });

/** Start import: the checked draft, how to apply it, and whether invalid rows are skipped. */
export const StartImportInput = AppRef.extend({
  job: JobId,
  mode: z.enum(['directory', 'backend'], { error: 'Choose Add to directory or Create on the backend.' }),
  skipInvalid: z.boolean().default(false),
});

'use server';

import { defineAction } from '@/lib/actions/run';
import { cancelJob, resumeJob } from '@/lib/dal/jobs';
import { JobRef } from '@/lib/validations/jobs';

/** Cancel and Resume, for the job's operator and admins (lib/dal/jobs checks whose job it is). */
const anyOperator = { anyOf: [], needs: () => [] };

export const cancelJobAction = defineAction(
  { name: 'job.cancel', permission: anyOperator, input: JobRef, target: (i) => `job ${i.job}` },
  (input) => cancelJob(input.job),
);

export const resumeJobAction = defineAction(
  { name: 'job.resume', permission: anyOperator, input: JobRef, target: (i) => `job ${i.job}` },
  (input) => resumeJob(input.job),
);

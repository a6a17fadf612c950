/**
 * Runs once when the server starts (Next calls `register`): this instance's job runner, which
 * resumes the jobs a restart interrupted and takes over those of instances that died.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { jobs } = await import('@/lib/background/jobs');
    await jobs();
  }
}

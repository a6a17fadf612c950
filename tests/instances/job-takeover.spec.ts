import { expect, test } from '@playwright/test';
import { ADMIN } from '../../playwright.config';
import { signIn } from '../e2e/helpers';
import { type Cluster, startCluster } from '../helpers/instances';
import { CLUSTER_PORT } from './playwright.config';

/**
 * Two instances on one PostgreSQL: the instance running an import is killed by its pid; the
 * other takes the job over when its lease ends, and finishes it. On the bundled backend each
 * row's outcome is written with its effect, so every row is listed once and applied once.
 */
const PORT = CLUSTER_PORT + 10;
const ROWS = 6000;
let cluster: Cluster;
test.describe.configure({ mode: 'serial' });
test.use({ baseURL: `http://127.0.0.1:${PORT}` });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cluster = await startCluster(2, PORT, {
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JOB_LEASE_SECONDS: '3',
  });
});
test.afterAll(async () => cluster?.stop());

test('the instance running an import is killed: the other takes it over, every row once, each user created once', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN.email, ADMIN.password);
  const tag = `takeover${Date.now()}`;
  const csv = ['address,name', ...Array.from({ length: ROWS }, (_, i) => `${tag}-${i}@example.org,T ${i}`)].join('\n');
  await page.goto('/apps/1/users');
  await page.getByRole('button', { name: 'Import users' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users' });
  await dialog
    .getByLabel('CSV file')
    .setInputFiles({ name: 'takeover.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await dialog.getByRole('button', { name: 'Check file' }).click();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await page.waitForURL(/\/jobs\/\d+$/);
  const job = Number(/\/jobs\/(\d+)$/.exec(page.url())?.[1]);

  const state = async () =>
    (
      await cluster.query<{ state: string; done: string; lease_owner: string }>(
        'SELECT state, done, lease_owner FROM jobs WHERE id = $1',
        [job],
      )
    )[0];
  await expect
    .poll(async () => Number((await state()).done), { timeout: 30_000, intervals: [20] })
    .toBeGreaterThan(300);
  const holder = (await state()).lease_owner;
  const victim = cluster.instances.find((i) => holder.startsWith(`${i.pid}-`));
  expect(victim, `the lease holder ${holder} is one of the instances`).toBeDefined();
  await victim?.kill('SIGKILL');
  const doneAtKill = Number((await state()).done);
  expect(doneAtKill).toBeLessThan(ROWS);

  await expect.poll(async () => (await state()).state, { timeout: 60_000 }).toBe('done');
  const survivor = cluster.instances.find((i) => i !== victim);
  expect((await state()).lease_owner === '' || !(await state()).lease_owner.startsWith(`${victim?.pid}-`)).toBe(true);
  const rows = await cluster.query<{ outcome: string; n: string }>(
    'SELECT outcome, COUNT(*) AS n FROM job_rows WHERE job_id = $1 GROUP BY outcome',
    [job],
  );
  expect(rows).toEqual([{ outcome: 'ok', n: String(ROWS) }]);
  const [users] = await cluster.query<{ n: string }>('SELECT COUNT(*) AS n FROM users WHERE address LIKE $1', [
    `${tag}-%`,
  ]);
  expect(Number(users.n)).toBe(ROWS);
  const [counts] = await cluster.query<{ done: string; ok: string }>('SELECT done, ok FROM jobs WHERE id = $1', [job]);
  expect(counts).toEqual({ done: String(ROWS), ok: String(ROWS) });
  // The survivor's job page says so.
  const r = await page.request.get(`/api/jobs/${job}`, {
    headers: { 'x-instance': String(cluster.instances.indexOf(survivor!) + 1) },
  });
  expect(await r.json()).toMatchObject({ state: 'done', done: ROWS, ok: ROWS });
});

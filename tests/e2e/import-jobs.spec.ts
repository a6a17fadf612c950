import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { ADMIN, CLOUD_BACKEND_URL } from '../../playwright.config';
import { freePort } from '../helpers/server';
import { backend, checkFile, createOperator, remoteApp, signIn, signOut, total } from './helpers';

/**
 * Import users and jobs, as an operator uses them: a file checked first (nothing changes), its
 * invalid rows refused until skipped, a job whose page shows its progress and ends, its
 * results downloaded, the users found; Add to directory on a cloud-like app; who may import.
 */
test.beforeEach(async ({ page }) => signIn(page, ADMIN.email, ADMIN.password));

test('Import users on the bundled app: a dry run, invalid rows refused until skipped, a job to the end, its results, the users found', async ({
  page,
  request,
}) => {
  const tag = `imp${Date.now()}`;
  const good = Array.from({ length: 10 }, (_, i) => `${tag}-${i}@example.org,Person ${i},yes`);
  const csv = ['address,name,active,team', ...good, `${tag}-bad@example.org,Bad,maybe,x`, `,No address,,`].join('\n');
  await page.goto('/apps/1/users');
  const dialog = await checkFile(page, 'team.csv', csv);
  await expect(total(dialog, 'Rows')).toHaveText('12');
  await expect(total(dialog, 'New')).toHaveText('10');
  await expect(total(dialog, 'Invalid')).toHaveText('2');
  await expect(dialog.getByText('Ignored columns: “team”.')).toBeVisible();
  const problems = dialog.getByRole('region', { name: 'Problems' });
  await expect(problems.getByRole('row').nth(1)).toContainText('12active"maybe" is not true/false, 1/0 or yes/no.');
  await expect(problems.getByRole('row').nth(2)).toContainText('13addressThe address is empty.');
  // Nothing has changed.
  expect((await backend(request, { op: 'usersget', user: { address: `${tag}*` } })).users).toEqual([]);
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await expect(dialog.getByText(/The file has 2 invalid rows: tick Skip invalid rows/)).toBeVisible();
  await dialog.getByLabel(/Skip invalid rows/).check();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await page.waitForURL(/\/jobs\/\d+$/);
  await expect(page.getByRole('heading', { name: /Import users · job \d+/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Done' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Progress' })).toHaveAttribute('aria-valuenow', '12');
  await expect(page.getByText('12 of 12 rows · 10 ok, 2 skipped, 0 failed')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel job' })).toHaveCount(0); // it has ended

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download results' }).click();
  const file = await download;
  const lines = fs
    .readFileSync((await file.path()) ?? '', 'utf8')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe('row,line,key,outcome,message');
  expect(lines).toHaveLength(13);
  expect(lines[1]).toBe(`1,2,${tag}-0@example.org,ok,Created.`);
  expect(lines[11]).toBe(`11,12,${tag}-bad@example.org,skipped,"""maybe"" is not true/false, 1/0 or yes/no."`);

  // The rows on the job's page: each address leads to its user; the ones that did not go as asked, alone.
  const rows = page.getByRole('table', { name: 'Rows' });
  await expect(rows.getByRole('row')).toHaveCount(13);
  await page.getByLabel('Show').selectOption({ label: 'Failed, unconfirmed or invalid' });
  await expect(page).toHaveURL(/\?show=problems$/);
  await expect(rows.getByRole('row')).toHaveCount(3);
  await expect(rows.getByRole('row').nth(1)).toContainText(`${tag}-bad@example.orgInvalid"maybe" is not true/false`);
  await expect(rows.getByRole('row').nth(2)).toContainText('The address is empty.');
  await expect(rows.getByRole('link')).toHaveCount(0); // what an invalid row says is not an address to open
  await page.getByRole('button', { name: 'Clear' }).click();
  await rows
    .getByRole('row')
    .nth(1)
    .getByRole('link', { name: `${tag}-0@example.org` })
    .click();
  await expect(page).toHaveURL(`/apps/1/users/${encodeURIComponent(`${tag}-0@example.org`)}`);
  await expect(page.getByRole('heading', { name: `${tag}-0@example.org` })).toBeVisible();

  await page.goto('/apps/1/users');
  await page.getByLabel('Search users').fill(`${tag}-`);
  await expect(page.getByRole('row').filter({ hasText: tag })).toHaveCount(10);
  expect(
    (await backend(request, { op: 'usersget', user: { address: `${tag}-3@example.org` } })).users[0],
  ).toMatchObject({
    name: 'Person 3',
    active: true,
  });

  await page.goto('/jobs');
  await expect(page.getByRole('row').filter({ hasText: 'team.csv' }).first()).toContainText('Done');
  await page.goto('/audit?action=users.import.start');
  await expect(
    page.getByRole('row').filter({ hasText: 'team.csv: 12 rows, Create on the backend, skipping 2 invalid' }),
  ).toBeVisible();
  await page.goto('/audit?action=users.import.end');
  await expect(
    // Exact: how many did what was asked, and the rows that did not, named.
    page
      .getByRole('row')
      .filter({ hasText: `Done: 10 of 12 imported; 2 skipped: ${tag}-bad@example.org, row 12.` })
      .first(),
  ).toBeVisible();
});

test('Add to directory on a cloud-like app: no backend call, the users found by search, App IDs known without tokens', async ({
  page,
  request,
}) => {
  const { id, tag } = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Development');
  await page.goto(`/apps/${id}/users`);
  const csv = `address;name;uid;app_ids\n${tag}-ann@example.org;Ann;41;"web;ios"\n${tag}-ben@example.org;Ben;42;\n`;
  const dialog = await checkFile(page, 'cloud.csv', csv);
  await expect(total(dialog, 'New')).toHaveText('2');
  await expect(dialog.getByLabel('Add to directory')).toBeChecked();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await page.waitForURL(/\/jobs\/\d+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Done' })).toBeVisible();
  await page.goto(`/apps/${id}/users`);
  await page.getByLabel('Search users').fill(`${tag}-`);
  await expect(page.getByRole('row').filter({ hasText: tag })).toHaveCount(2);
  await page.getByRole('link', { name: `${tag}-ann@example.org` }).click();
  await expect(page.getByRole('row').filter({ hasText: 'ios' })).toContainText('Not known (imported)');
  // The backend never heard of them.
  const backing = await backend(request, { op: 'usersget', user: { address: `${tag}-ann@example.org` } });
  expect(backing.users ?? []).toEqual([]);
});

test('only operators and admins import: support sees no Import users, and the upload is refused', async ({ page }) => {
  const who = { email: `support-import-${Date.now()}@example.com`, password: 'support-password-0123' };
  await createOperator(page, who, 'support');
  await signOut(page);
  await signIn(page, who.email, who.password);
  await page.goto('/apps/1/users');
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import users' })).toHaveCount(0);
  const r = await page.request.post('/api/apps/1/imports/users?file=x.csv', {
    headers: { 'Content-Type': 'text/csv', Origin: new URL(page.url()).origin },
    data: 'address\nsneaky@example.org\n',
  });
  expect(r.status()).toBe(403);
  // And nobody's upload is taken from another site.
  const cross = await page.request.post('/api/apps/1/imports/users?file=x.csv', {
    headers: { 'Content-Type': 'text/csv', Origin: 'https://evil.example' },
    data: 'address\nsneaky@example.org\n',
  });
  expect(cross.status()).toBe(403);
});

test('the backend goes away mid-import: rows fail "could not reach the backend", the job pauses after 20, and Resume finishes it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const port = await freePort();
  const start = () =>
    spawn(process.execPath, ['tests/helpers/cloud-backend.mjs', String(port), 'http://127.0.0.1:3217/backend'], {
      stdio: 'ignore',
    });
  const up = async () =>
    expect
      .poll(() =>
        fetch(`http://127.0.0.1:${port}/__seen`).then(
          (r) => r.ok,
          () => false,
        ),
      )
      .toBe(true);
  let cloud = start();
  try {
    await up();
    const { id, tag } = await remoteApp(page, `http://127.0.0.1:${port}/backend`, 'Development');
    await page.goto(`/apps/${id}/users`);
    const csv = ['address,name', ...Array.from({ length: 60 }, (_, i) => `${tag}-${i}@example.org,P ${i}`)].join('\n');
    const dialog = await checkFile(page, 'away.csv', csv);
    await dialog.getByLabel('Create on the backend').check();
    cloud.kill(); // the backend goes away before the first row
    await dialog.getByRole('button', { name: 'Start import' }).click();
    await page.waitForURL(/\/jobs\/\d+$/);
    await expect(page.getByRole('status').filter({ hasText: 'Paused' })).toBeVisible({ timeout: 30_000 });
    await expect(
      page.getByText(/Paused after 20 failures in a row \(the last: Could not reach the backend/),
    ).toBeVisible();
    // 20 in a row, and the few in flight then: all failed, none sent again.
    const atPause = page.getByText(/^(\d+) of 60 rows · 0 ok, 0 skipped, \1 failed$/);
    await expect(atPause).toBeVisible();
    const failed = Number(/^(\d+)/.exec((await atPause.textContent()) ?? '')?.[1]);
    expect(failed).toBeGreaterThanOrEqual(20);
    // It does not spin: the same a while later.
    await page.waitForTimeout(1500);
    await page.reload();
    await expect(page.getByText(`${failed} of 60 rows · 0 ok, 0 skipped, ${failed} failed`)).toBeVisible();
    // The app's Overview says so, with the way to the job, and that its backend stopped answering.
    const job = page.url();
    await page.goto(`/apps/${id}`);
    const attention = page.getByRole('region', { name: 'Needs attention' });
    await expect(attention.getByRole('listitem').filter({ hasText: '1 job is paused' })).toBeVisible();
    await expect(
      attention.getByRole('listitem').filter({ hasText: /did not answer \d+ of \d+ calls in the last hour/ }),
    ).toBeVisible();
    await attention.getByRole('link', { name: 'Open jobs' }).click();
    await expect(page).toHaveURL(/\/jobs$/);
    await page.goto(job);
    cloud = start();
    await up();
    await page.waitForTimeout(10_500); // past the client's breaker pause (10 s after repeated failures)
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Done' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(`60 of 60 rows · ${60 - failed} ok, 0 skipped, ${failed} failed`)).toBeVisible();
  } finally {
    cloud.kill();
  }
});

test('a 12 MB file arrives whole (no 10 MB request buffer in front of the upload route), and nothing changes until it starts', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const tag = `big${Date.now()}`;
  const rows = 250_000;
  const lines = ['address,name'];
  for (let i = 0; i < rows; i++) lines.push(`${tag}-${i}@example.org,Someone with a longish name ${i}`);
  const csv = lines.join('\n');
  expect(csv.length).toBeGreaterThan(12 * 1024 * 1024);
  await page.goto('/apps/1/users');
  const dialog = await checkFile(page, 'big.csv', csv, 60_000);
  await expect(total(dialog, 'Rows')).toHaveText('250,000');
  await expect(total(dialog, 'New')).toHaveText('250,000');
  expect((await backend(request, { op: 'usersget', user: { address: `${tag}*` }, count: 1 })).users).toEqual([]);
});

test('a refused start keeps the choice: Create on the backend stays chosen while Skip invalid rows is ticked', async ({
  page,
  request,
}) => {
  const { id, tag, token } = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Development');
  await page.goto(`/apps/${id}/users`);
  const dialog = await checkFile(
    page,
    'choice.csv',
    `address,active\n${tag}-kept@example.org,yes\n${tag}-bad@example.org,maybe\n`,
  );
  await dialog.getByLabel('Create on the backend').check();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await expect(dialog.getByText(/tick Skip invalid rows/)).toBeVisible();
  await expect(dialog.getByLabel('Create on the backend')).toBeChecked();
  await dialog.getByLabel(/Skip invalid rows/).check();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await page.waitForURL(/\/jobs\/\d+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Done' })).toBeVisible();
  // Created on the backend behind the cloud stand-in, not only added to the directory.
  const made = await request.post('/backend', {
    data: { op: 'usersget', token, user: { address: `${tag}-kept@example.org` } },
  });
  expect((await made.json()).users).toHaveLength(1);
});

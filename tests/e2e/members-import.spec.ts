import fs from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { ADMIN, CLOUD_BACKEND_URL } from '../../playwright.config';
import { backend, checkFile, createOperator, remoteApp, signIn, signOut, total } from './helpers';

/**
 * Import members, as an operator uses it: one group's members exported and imported into
 * another (a dry run first, then a job), and on a cloud-like app, addresses the directory does
 * not know added to it when asked.
 */
test.beforeEach(async ({ page }) => signIn(page, ADMIN.email, ADMIN.password));

const checkMembers = (page: Page, name: string, csv: string) => checkFile(page, name, csv, 5000, 'Import members');

test("a group's members exported and imported into another group: a dry run, then the job, the same permissions", async ({
  page,
  request,
}) => {
  const tag = `mimp${Date.now()}`;
  for (const n of [1, 2, 3]) await backend(request, { op: 'useradd', user: { address: `${tag}-${n}` } });
  const { group: from } = await backend(request, { op: 'groupadd', group: { name: `${tag} from` } });
  const { group: to } = await backend(request, { op: 'groupadd', group: { name: `${tag} to` } });
  await backend(request, {
    op: 'groupeditmembers',
    group: { gid: from.gid, members: { m: [`${tag}-1`, `${tag}-2`], permissions: { send: true, recv: true } } },
  });
  await backend(request, {
    op: 'groupeditmembers',
    group: { gid: from.gid, members: { m: [`${tag}-3`], permissions: { send: false, recv: true } } },
  });
  await backend(request, {
    op: 'groupeditmembers',
    group: { gid: to.gid, members: { m: [`${tag}-1`], permissions: { send: true, recv: true } } },
  });

  await page.goto(`/apps/1/groups/${from.gid}`);
  const download = page.waitForEvent('download');
  await page.getByRole('region', { name: 'Members' }).getByRole('button', { name: 'Export CSV' }).click();
  const exported = await download;
  const csv = fs.readFileSync((await exported.path()) ?? '', 'utf8');

  await page.goto(`/apps/1/groups/${to.gid}`);
  const dialog = await checkMembers(page, exported.suggestedFilename(), csv);
  await expect(total(dialog, 'Rows')).toHaveText('3');
  await expect(total(dialog, 'New members')).toHaveText('2');
  await expect(total(dialog, 'Already members, unchanged')).toHaveText('1');
  await expect(dialog.getByText('Ignored columns: “name”, “uid”, “admin”.')).toBeVisible();
  // Nothing has changed yet.
  expect((await backend(request, { op: 'groupgetmembers', group: { gid: to.gid } })).members).toHaveLength(1);
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await page.waitForURL(/\/jobs\/\d+$/);
  await expect(page.getByRole('heading', { name: /Import members · job \d+/ })).toBeVisible();
  await expect(page.getByText('3 of 3 rows · 2 ok, 1 skipped, 0 failed')).toBeVisible();
  const after = await backend(request, { op: 'groupgetmembers', group: { gid: to.gid } });
  expect(
    Object.fromEntries(
      after.members.map((m: { address: string; permissions: { send: boolean } }) => [m.address, m.permissions.send]),
    ),
  ).toEqual({ [`${tag}-1`]: true, [`${tag}-2`]: true, [`${tag}-3`]: false });

  await page.goto('/audit?action=members.import.start');
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: `group ${to.gid}` })
      .first(),
  ).toContainText('3 rows');
});

test('a cloud-like app: addresses the directory does not know are skipped, or added to it with Add them to the directory too', async ({
  page,
  request,
}) => {
  const { id, tag, token } = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Development');
  const cloud = (body: Record<string, unknown>) => request.post('/backend', { data: { token, ...body } });
  for (const n of ['ann', 'ben']) await cloud({ op: 'useradd', user: { address: `${tag}-${n}` } });
  const { group } = await (await cloud({ op: 'groupadd', group: { name: `${tag} team` } })).json();
  await page.goto(`/apps/${id}/groups/${group.gid}`);
  const dialog = await checkMembers(page, 'team.csv', `address,can_send\n${tag}-ann,yes\n${tag}-ben,no\n`);
  await expect(total(dialog, 'Not in the directory')).toHaveText('2');
  await dialog.getByLabel(/Add them to the directory too/).check();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await page.waitForURL(/\/jobs\/\d+$/);
  await expect(page.getByText('2 of 2 rows · 2 ok, 0 skipped, 0 failed')).toBeVisible();
  // The directory now knows them, and the group's members are on the cloud.
  await page.goto(`/apps/${id}/users?q=${tag}-`);
  await expect(page.getByRole('row').filter({ hasText: tag })).toHaveCount(2);
  const members = await (await cloud({ op: 'groupgetmembers', group: { gid: group.gid } })).json();
  expect(members.members).toHaveLength(2);
});

test('support sees no Import members, and its upload is refused', async ({ page }) => {
  const who = { email: `support-members-${Date.now()}@example.com`, password: 'support-password-0123' };
  await createOperator(page, who, 'support');
  await signOut(page);
  await signIn(page, who.email, who.password);
  const r = await page.request.post('/api/apps/1/imports/members?file=x.csv&gid=1', {
    headers: { 'Content-Type': 'text/csv', Origin: new URL(page.url()).origin },
    data: 'address\nsneaky\n',
  });
  expect(r.status()).toBe(403);
  const bad = await page.request.post('/api/apps/1/imports/members?file=x.csv&gid=abc', {
    headers: { 'Content-Type': 'text/csv', Origin: new URL(page.url()).origin },
    data: 'address\nsneaky\n',
  });
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain('gid must be a group id');
});

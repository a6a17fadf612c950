import fs from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { ADMIN, CLOUD_BACKEND_URL } from '../../playwright.config';
import { backend, checkFile, createOperator, remoteApp, signIn, signOut, total } from './helpers';

/**
 * Export CSV, as operators use it: what a search or filter shows, downloaded with a name that
 * says where it was read and when; tokens never in it; formulas neutralized; read back by
 * Import users with no change; audited; refused to roles that may not export.
 */
test.beforeEach(async ({ page }) => signIn(page, ADMIN.email, ADMIN.password));

/** Clicks Export CSV (in `within`, or the page) and reads the downloaded file. */
async function exportCsv(page: Page, within?: Locator) {
  const download = page.waitForEvent('download');
  await (within ?? page).getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  const text = fs.readFileSync((await file.path()) ?? '', 'utf8');
  return { name: file.suggestedFilename(), text, lines: text.trimEnd().split('\r\n') };
}
const STAMP = String.raw`\d{8}T\d{4}Z`;

test('users of a search on the bundled app: the file says live and when, no token, formulas neutralized; imported back with no change', async ({
  page,
  request,
}) => {
  const tag = `exp${Date.now()}`;
  const made = await backend(request, {
    op: 'useradd',
    user: { address: `${tag}-a@example.org`, name: '=HYPERLINK("x")', token: { appid: 'web', expiry: 0 } },
  });
  const token = made.user.token as string;
  await backend(request, { op: 'useradd', user: { address: `${tag}-b@example.org`, name: 'Bea', active: false } });
  await backend(request, { op: 'useradd', user: { address: `${tag}-c@example.org` } });
  await page.goto('/apps/1/users');
  await page.getByLabel('Search users').fill(`${tag}-`);
  await expect(page.getByRole('row').filter({ hasText: tag })).toHaveCount(3);
  await expect(page).toHaveURL(new RegExp(`q=${tag}-`));
  const file = await exportCsv(page);
  expect(file.name).toMatch(new RegExp(`^users-1-live-${STAMP}\\.csv$`));
  expect(file.lines[0]).toBe('address,name,active,uid,created,app_ids');
  expect(file.lines).toHaveLength(4);
  expect(file.lines[1]).toMatch(
    new RegExp(
      `^${tag}-a@example\\.org,"'=HYPERLINK\\(""x""\\)",true,\\d+,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ,web:never$`,
    ),
  );
  expect(file.lines[2]).toMatch(new RegExp(`^${tag}-b@example\\.org,Bea,false,`));
  expect(file.text).not.toContain(token);
  await expect(page.getByRole('status').filter({ hasText: `Downloading ${file.name}` })).toBeVisible();

  // Imported back: every row the same, and the job sends nothing.
  const dialog = await checkFile(page, file.name, file.text);
  await expect(total(dialog, 'Rows')).toHaveText('3');
  await expect(total(dialog, 'Already known, unchanged')).toHaveText('3');
  await expect(total(dialog, 'New')).toHaveText('0');
  await expect(dialog.getByText('Ignored columns: “created”.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Start import' }).click();
  await page.waitForURL(/\/jobs\/\d+$/);
  await expect(page.getByText('3 of 3 rows · 0 ok, 3 skipped, 0 failed')).toBeVisible();
  const after = await backend(request, { op: 'usersget', user: { address: `${tag}-a@example.org` } });
  expect(after.users[0]).toMatchObject({ name: '=HYPERLINK("x")', tokens: [{ appid: 'web', expires: 0 }] });

  await page.goto('/audit?action=users.export');
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: `users matching "${tag}-"` })
      .filter({ hasText: '3 rows from the backend' }),
  ).toBeVisible();

  // The filters shown are the file's too: the inactive one, sorted as chosen.
  await page.goto(`/apps/1/users?q=${tag}-&active=inactive&sort=address`);
  await expect(page.getByRole('row').filter({ hasText: tag })).toHaveCount(1);
  const inactive = await exportCsv(page);
  expect(inactive.lines).toHaveLength(2);
  expect(inactive.lines[1]).toMatch(new RegExp(`^${tag}-b@example\\.org,Bea,false,`));
});

test("a group's members and the message log's filter on the bundled app", async ({ page, request }) => {
  const tag = `expg${Date.now()}`;
  for (const n of ['m1', 'm2', 'm3']) await backend(request, { op: 'useradd', user: { address: `${tag}-${n}` } });
  const { group } = await backend(request, { op: 'groupadd', group: { name: `${tag} team` } });
  await backend(request, {
    op: 'groupeditmembers',
    group: { gid: group.gid, members: { m: [`${tag}-m1`, `${tag}-m2`], permissions: { send: true, recv: true } } },
  });
  await backend(request, {
    op: 'groupeditmembers',
    group: { gid: group.gid, members: { m: [`${tag}-m3`], permissions: { send: false, recv: true } } },
  });
  await page.goto(`/apps/1/groups/${group.gid}`);
  const members = page.getByRole('region', { name: 'Members' });
  const file = await exportCsv(page, members);
  expect(file.name).toMatch(new RegExp(`^group-${group.gid}-members-1-live-${STAMP}\\.csv$`));
  expect(file.lines[0]).toBe('address,can_send,can_receive,name,uid,admin');
  expect(file.lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
    `${tag}-m1,true,true`,
    `${tag}-m2,true,true`,
    `${tag}-m3,false,true`,
  ]);

  await backend(request, { op: 'message', message: { from: `${tag}-m1`, to: `${tag}-m2`, message: '@SUM(1)' } });
  await backend(request, { op: 'message', message: { from: `${tag}-m2`, to: `${tag}-m1`, message: 'other way' } });
  await page.goto(`/apps/1/messages?from=${tag}-m1`);
  const log = await exportCsv(page);
  expect(log.name).toMatch(new RegExp(`^messages-1-live-${STAMP}\\.csv$`));
  expect(log.lines[0]).toBe('mid,sent,from,to,gid,recipients,type,message,url,title');
  expect(log.lines).toHaveLength(2);
  expect(log.lines[1]).toContain(`,${tag}-m1,${tag}-m2,,1,0,'@SUM(1),,`);

  // The group gone since the page was drawn: the reason next to the button, with a request id.
  await page.goto(`/apps/1/groups/${group.gid}`);
  await backend(request, { op: 'groupdel', group: { gid: group.gid } });
  await members.getByRole('button', { name: 'Export CSV' }).click();
  await expect(members.getByRole('alert')).toContainText(/Request id: [0-9a-f-]{36}/);
});

test('a cloud-like app: users from the directory (the name says so, with how each was learned), and messages', async ({
  page,
  request,
}) => {
  const { id, tag, token } = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Development');
  // The users exist on the cloud (made there, not through this console), so messages between them go through.
  for (const who of ['ann', 'ben'])
    await request.post('/backend', { data: { token, op: 'useradd', user: { address: `${tag}-${who}@example.org` } } });
  await page.goto(`/apps/${id}/users`);
  const csv = `address,name,uid,app_ids\n${tag}-ann@example.org,Ann,41,web:2027-01-01T00:00Z;ios\n${tag}-ben@example.org,Ben,,\n`;
  const seeded = await checkFile(page, 'cloud.csv', csv);
  await seeded.getByRole('button', { name: 'Start import' }).click();
  await page.waitForURL(/\/jobs\/\d+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Done' })).toBeVisible();
  await page.goto(`/apps/${id}/users`);
  const file = await exportCsv(page);
  expect(file.name).toMatch(new RegExp(`^users-${id}-directory-${STAMP}\\.csv$`));
  expect(file.lines[0]).toBe('address,name,active,uid,created,app_ids,source,unconfirmed');
  expect(file.lines).toContainEqual(
    expect.stringMatching(
      new RegExp(`^${tag}-ann@example\\.org,Ann,true,41,[^,]+,web:2027-01-01T00:00Z;ios,import,false$`),
    ),
  );
  // Imported back into the directory: no change.
  const again = await checkFile(page, file.name, file.text);
  await expect(total(again, 'Already known, unchanged')).toHaveText('2');
  await expect(total(again, 'Changes to known users')).toHaveText('0');
  await page.keyboard.press('Escape');
  await expect(again).toBeHidden();

  await page.goto(`/apps/${id}/messages`);
  const send = page.getByRole('form', { name: 'Send message' });
  await send.getByLabel('From').fill(`${tag}-ann@example.org`);
  await send.getByLabel('To').fill(`${tag}-ben@example.org`);
  await send.getByLabel('Message').fill('hello from the console');
  await send.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'hello from the console' })).toBeVisible();
  const log = await exportCsv(page);
  expect(log.name).toMatch(new RegExp(`^messages-${id}-directory-${STAMP}\\.csv$`));
  expect(log.lines[1]).toContain(`${tag}-ann@example.org,${tag}-ben@example.org,,1,0,hello from the console`);
});

test('support and viewers see no Export CSV, and the server refuses them', async ({ page }) => {
  const who = { email: `support-export-${Date.now()}@example.com`, password: 'support-password-0123' };
  await createOperator(page, who, 'support');
  await signOut(page);
  await signIn(page, who.email, who.password);
  for (const path of ['/apps/1/users', '/apps/1/groups', '/apps/1/messages']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveCount(0);
  }
  const r = await page.request.get('/api/apps/1/exports/users');
  expect(r.status()).toBe(403);
  expect(await r.text()).not.toContain('@');
});

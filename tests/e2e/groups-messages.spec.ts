import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { ADMIN } from '../../playwright.config';
import { backend, signIn } from './helpers';

test.beforeEach(async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
});

test('create a group, add members in bulk, change permissions, message it, find it in the log, delete it', async ({
  page,
  request,
}) => {
  const tag = `g${Date.now()}`;
  const people = ['ann', 'ben', 'cat', 'dan'].map((n) => `${tag}-${n}`);
  for (const address of people) await backend(request, { op: 'useradd', user: { address } });

  await page.goto('/groups');
  await page.getByRole('button', { name: 'New group' }).click();
  await page.getByLabel('Name').fill(`Team ${tag}`);
  await page.getByLabel('Who can send').selectOption({ label: 'Members with send permission' });
  await page.getByLabel('Send a copy back to the sender').check();
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page).toHaveURL(/\/groups\/\d+$/);
  const gid = Number(page.url().split('/').pop());
  await expect(page.getByRole('heading', { name: `Team ${tag} · group ${gid}` })).toBeVisible();
  await expect(page.getByLabel('Who can send')).toHaveValue('selected');
  await expect(page.getByLabel('Send a copy back to the sender')).toBeChecked();
  expect((await backend(request, { op: 'groupsget', group: { name: `Team ${tag}` } })).groups[0].flags).toBe(0x81);

  // One unknown address: nothing is added, and each unknown address is named.
  await page.getByLabel('Member addresses').fill(`${people[0]}, ${people[1]}\n${tag}-ghost, ${tag}-nobody`);
  await page.getByRole('button', { name: 'Add members' }).click();
  const result = page.getByRole('alert').filter({ hasText: 'Nothing was added' });
  await expect(result).toContainText('2 of 4 addresses');
  await expect(result).toContainText(`${tag}-ghost: no such user`);
  await expect(result).toContainText(`${tag}-nobody: no such user`);
  expect((await backend(request, { op: 'groupgetmembers', group: { gid } })).members).toEqual([]);

  await page.getByLabel('Member addresses').fill(people.join('\n'));
  await page.getByRole('button', { name: 'Add members' }).click();
  for (const address of people) await expect(page.getByRole('row').filter({ hasText: address })).toBeVisible();

  const ben = page.getByRole('row').filter({ hasText: people[1] });
  // A flip changes its own row: the members are not read again.
  const reads: string[] = [];
  page.on('request', (r) => r.url().includes('/members') && reads.push(r.url()));
  await ben.getByRole('switch', { name: 'Can send' }).uncheck();
  await expect(page.getByText(`Permissions of ${people[1]} updated`)).toBeVisible();
  await expect(ben.getByRole('switch', { name: 'Can send' })).not.toBeChecked();
  expect(reads).toEqual([]);
  const members = await backend(request, { op: 'groupgetmembers', group: { gid } });
  expect(members.members.find((m: { address: string }) => m.address === people[1]).permissions).toMatchObject({
    send: false,
    recv: true,
  });

  await page.getByRole('row').filter({ hasText: people[3] }).getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('row').filter({ hasText: people[3] })).toBeHidden();

  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  const send = page.getByRole('form', { name: 'Send message' });
  await send.getByLabel('From').fill(people[0]);
  await send.getByLabel('Group').fill(String(gid));
  await send.getByLabel('Message').fill(`hello ${tag}`);
  await send.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByText(/Message \d+ sent/)).toBeVisible();

  // ben may not send (0x1 and no send permission): said in the console's words, on the From
  // field, with a link to the group where that is changed.
  await send.getByLabel('From').fill(people[1]);
  await send.getByLabel('Message').fill('not allowed');
  await send.getByRole('button', { name: 'Send message' }).click();
  await expect(send.getByLabel('From')).toHaveAccessibleDescription(
    new RegExp(`"${people[1]}" may not send to group ${gid}`),
  );
  await expect(send.getByLabel('From')).toBeFocused();
  await expect(send).not.toContainText('groupeditmembers');
  await expect(send.getByRole('link', { name: `Open group ${gid}` })).toHaveAttribute('href', `/apps/1/groups/${gid}`);

  const filter = page.getByRole('form', { name: 'Filter messages' });
  await filter.getByLabel('Group').fill(String(gid));
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(new RegExp(`gid=${gid}`));
  const logged = page.getByRole('row').filter({ hasText: `hello ${tag}` });
  await expect(logged).toContainText(`Team ${tag} (gid ${gid}), 3 recipients`); // ann (loopback), ben, cat
  await logged.getByRole('link', { name: `Team ${tag} (gid ${gid})` }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/1/groups/${gid}$`));
  await page.goBack();
  await expect(page.getByRole('row').filter({ hasText: 'not allowed' })).toBeHidden();

  await page.goto(`/groups/${gid}`);
  await page.getByRole('button', { name: 'Delete group' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete group' }).click();
  await expect(page).toHaveURL(/\/groups$/);
  expect((await backend(request, { op: 'groupgetmembers', group: { gid } })).error).toBe('NOGROUP');
});

test('every change shows in the audit log, filterable by action and operator', async ({ page }) => {
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await page.getByLabel('Action').selectOption('auth.signin');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=auth.signin/);
  const rows = page.getByRole('row').filter({ hasText: 'auth.signin' });
  await expect(rows.first()).toContainText(ADMIN.email);
  await page.goto(`/audit?operator=${encodeURIComponent(ADMIN.email)}`);
  await expect(page.getByRole('row').filter({ hasText: 'group.create' }).first()).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'group.members.add' }).first()).toContainText('gid');
  await expect(page.getByRole('row').filter({ hasText: 'message.send' }).first()).toBeVisible();
});

test('Download CSV exports the filtered audit log, and the export is itself audited', async ({ page }) => {
  await page.goto('/audit?action=auth.signin');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-log-\d{8}-\d{4}\.csv$/);
  const lines = fs
    .readFileSync((await file.path()) ?? '', 'utf8')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe('time,operator,role,action,target,outcome,detail,changes,request_id,app,repeats,last_time');
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) expect(line).toMatch(/^\d{4}-\d\d-\d\dT[^,]+,[^,]+,\w+,auth\.signin,/);
  await page.goto('/audit?action=audit.export');
  await expect(page.getByRole('row').filter({ hasText: 'action auth.signin' }).first()).toContainText(ADMIN.email);
});

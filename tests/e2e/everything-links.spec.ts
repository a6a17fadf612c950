import fs from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { ADMIN, CLOUD_BACKEND_URL, E2E_BASE_URL } from '../../playwright.config';
import { backend, createOperator, remoteApp, signIn } from './helpers';

/**
 * Issue 25: a user's page shows the groups the user belongs to and the user's recent messages;
 * a group's page its recent messages; every address and group there leads to its page, and
 * Show all to the message log filtered the same way.
 */
test.beforeEach(async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
});

const panel = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

test("a user's groups and messages, followed to the group, its sender and the message log", async ({
  page,
  request,
}) => {
  const tag = `l${Date.now()}`;
  const [ann, ben] = [`ann.${tag}@example.org`, `ben.${tag}@example.org`];
  for (const address of [ann, ben]) await backend(request, { op: 'useradd', user: { address, name: address } });
  const crew = await backend(request, {
    op: 'groupadd',
    group: { name: `Support crew ${tag}`, flags: 0x1, members: { m: [ann, ben] } },
  });
  const gid = crew.group.gid;
  await backend(request, {
    op: 'groupeditmembers',
    group: { gid, members: { m: [ann], permissions: { send: false, recv: true } } },
  });
  await backend(request, { op: 'message', message: { from: ben, to: ann, message: `direct ${tag}` } });
  await backend(request, { op: 'message', message: { from: ben, gid, message: `to the crew ${tag}` } });

  await page.goto(`/apps/1/users/${encodeURIComponent(ann)}`);
  const groups = panel(page, 'Groups');
  const row = groups.getByRole('row').filter({ hasText: `Support crew ${tag}` });
  await expect(row).toContainText(String(gid));
  await expect(row.getByRole('cell').nth(2)).toHaveText('No'); // Can send
  await expect(row.getByRole('cell').nth(3)).toHaveText('Yes'); // Can receive
  await expect(panel(page, 'Messages sent')).toContainText('No messages sent yet');
  const received = panel(page, 'Messages received');
  await expect(received).toContainText(`direct ${tag}`);
  await expect(received).not.toContainText(`to the crew ${tag}`); // group messages are on the group's page

  // The group, its recent messages, and the sender's page from there.
  await row.getByRole('link', { name: `Support crew ${tag} (gid ${gid})` }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/1/groups/${gid}$`));
  const recent = panel(page, 'Recent messages');
  await expect(recent).toContainText(`to the crew ${tag}`);
  await recent.getByRole('link', { name: ben }).first().click();
  await expect(page.getByRole('heading', { name: ben })).toBeVisible();
  const sent = panel(page, 'Messages sent');
  await expect(sent).toContainText(`direct ${tag}`);
  await expect(sent).toContainText(`to the crew ${tag}`);
  await sent.getByRole('link', { name: 'Show all messages sent' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/1/messages\\?from=${encodeURIComponent(ben)}$`));
  await expect(page.getByRole('form', { name: 'Filter messages' }).getByLabel('From', { exact: true })).toHaveValue(
    ben,
  );
  await expect(page.getByRole('table', { name: 'Messages' }).getByRole('row')).toHaveCount(3); // header and two
});

test('the first 50 groups, then Show all', async ({ page, request }) => {
  const tag = `m${Date.now()}`;
  const ann = `many.${tag}@example.org`;
  await backend(request, { op: 'useradd', user: { address: ann, name: 'Many' } });
  for (let i = 0; i < 53; i++)
    await backend(request, { op: 'groupadd', group: { name: `G${i} ${tag}`, members: { m: [ann] } } });
  await page.goto(`/apps/1/users/${encodeURIComponent(ann)}`);
  const groups = panel(page, 'Groups');
  await expect(groups.getByRole('row')).toHaveCount(51);
  await groups.getByRole('button', { name: 'Show all' }).click();
  await expect(groups.getByRole('row')).toHaveCount(54);
  await expect(groups.getByRole('row').last()).toContainText(`G52 ${tag}`);
  await expect(groups.getByRole('button', { name: /Show all|Load more/ })).toHaveCount(0);
});

test('a cloud-like app: the groups the console knows the user joined, said so', async ({ page }) => {
  const app = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Development');
  const lena = `lena.${app.tag}@example.com`;
  await page.goto(`/apps/${app.id}/users`);
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByRole('dialog').getByLabel('Address').fill(lena);
  await page.getByRole('button', { name: 'Create user' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await page.goto(`/apps/${app.id}/groups`);
  await page.getByRole('button', { name: 'New group' }).click();
  await page.getByLabel('Name').fill(`Owls ${app.tag}`);
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page).toHaveURL(/\/groups\/\d+$/);
  await page.getByLabel('Member addresses').fill(lena);
  await page.getByRole('button', { name: 'Add members' }).click();
  await expect(page.getByRole('row').filter({ hasText: lena })).toBeVisible();

  await page.goto(`/apps/${app.id}/users/${encodeURIComponent(lena)}`);
  const groups = panel(page, 'Groups');
  await expect(groups).toContainText('Groups this console knows the user joined');
  await groups.getByRole('link', { name: new RegExp(`^Owls ${app.tag} \\(gid \\d+\\)$`) }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`Owls ${app.tag}`) })).toBeVisible();
});

test('the small things: copy buttons, / to search, switches named with their member, Disable asks first, choices readable', async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const tag = `c${Date.now()}`;
  const carol = `carol.${tag}@example.com`;
  const { user } = await backend(request, { op: 'useradd', user: { address: carol, name: 'Carol' } });
  const { group } = await backend(request, { op: 'groupadd', group: { name: `Crew ${tag}`, members: { m: [carol] } } });

  await page.goto(`/apps/1/users/${encodeURIComponent(carol)}`);
  await page.getByRole('button', { name: 'Copy address' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(carol);
  await page.getByRole('button', { name: 'Copy uid' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(String(user.uid));

  await page.goto(`/apps/1/groups/${group.gid}`);
  await page.getByRole('button', { name: 'Copy gid' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(String(group.gid));
  await expect(page.getByRole('switch', { name: `Can send: ${carol}`, exact: true })).toBeChecked();
  await expect(page.getByRole('switch', { name: `Can receive: ${carol}`, exact: true })).toBeChecked();
  // At 1280 px each behaviour choice shows whole (it once read "Members w").
  for (const label of ['Who can send', 'Who receives', 'Delivery']) {
    const select = page.getByLabel(label);
    if (!(await select.count())) continue;
    const fits = await select.evaluate((s: HTMLSelectElement) => {
      const text = s.options[s.selectedIndex]?.text ?? '';
      const probe = document.createElement('span');
      probe.style.font = getComputedStyle(s).font;
      probe.textContent = text;
      document.body.append(probe);
      const wide = probe.getBoundingClientRect().width;
      probe.remove();
      const room = s.clientWidth - Number.parseFloat(getComputedStyle(s).paddingLeft) - 16; // the arrow
      return wide <= room;
    });
    expect(fits, label).toBe(true);
  }

  // "/" focuses the page's search box, never while typing elsewhere.
  await page.goto('/apps/1/users');
  // Pressed again until the page has hydrated (a key pressed before its listener exists does nothing).
  await expect(async () => {
    await page.locator('body').press('/');
    await expect(page.getByLabel('Search users')).toBeFocused({ timeout: 500 });
  }).toPass();
  await page.keyboard.type('carol');
  await expect(page.getByLabel('Search users')).toHaveValue('carol');

  // Disable asks first (it ends the operator's sessions); Cancel changes nothing.
  const operator = `op.${tag}@example.com`;
  await createOperator(page, { email: operator, password: `Pw-${tag}-long-enough` });
  const row = page.getByRole('row').filter({ hasText: operator });
  await row.getByRole('button', { name: `Disable ${operator}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Disable operator' });
  await expect(dialog).toContainText('Their sessions end now');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: `Disable ${operator}` }).click();
  await dialog.getByRole('button', { name: 'Disable operator' }).click();
  await expect(row).toContainText('Disabled');
  await row.getByRole('button', { name: `Enable ${operator}` }).click();
  await expect(row).toContainText('Active');
});

test('the message log: a conversation, one message by its mid, groups by name', async ({ page, request }) => {
  const tag = `w${Date.now()}`;
  const [ann, ben, cat] = ['ann', 'ben', 'cat'].map((n) => `${n}.${tag}@example.org`);
  for (const address of [ann, ben, cat]) await backend(request, { op: 'useradd', user: { address } });
  const crew = await backend(request, {
    op: 'groupadd',
    group: { name: `Night shift ${tag}`, members: { m: [ann, ben] } },
  });
  await backend(request, { op: 'message', message: { from: ann, to: ben, message: `ann to ben ${tag}` } });
  await backend(request, { op: 'message', message: { from: ben, to: ann, message: `ben to ann ${tag}` } });
  await backend(request, { op: 'message', message: { from: ben, to: cat, message: `ben to cat ${tag}` } });
  await backend(request, {
    op: 'message',
    message: { from: ann, gid: crew.group.gid, message: `ann to the shift ${tag}` },
  });

  await page.goto('/apps/1/messages');
  const filter = page.getByRole('form', { name: 'Filter messages' });
  await filter.getByLabel('From or To').fill(ann.toUpperCase());
  await filter.getByRole('button', { name: 'Filter' }).click();
  const log = page.getByRole('table', { name: 'Messages' });
  await expect(log.getByRole('row')).toHaveCount(4); // the header and ann's three
  await expect(log).not.toContainText(`ben to cat ${tag}`);
  const group = log.getByRole('row').filter({ hasText: `ann to the shift ${tag}` });
  await expect(group).toContainText(`Night shift ${tag} (gid ${crew.group.gid})`);
  const row = log.getByRole('row').filter({ hasText: `ben to ann ${tag}` });
  await row.getByRole('cell').first().getByRole('link').click();
  await expect(page).toHaveURL(/\/apps\/1\/messages\?mid=\d+$/);
  await expect(log.getByRole('row')).toHaveCount(2);
  await expect(log).toContainText(`ben to ann ${tag}`);
});

test("times are rendered in the operator's time zone from the server on, once the browser has said it", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, timezoneId: 'Asia/Kolkata' });
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/audit');
  // Chromium names the zone by its older alias, Asia/Calcutta: either is the same zone.
  await expect
    .poll(async () => (await context.cookies()).find((c) => c.name === 'tz')?.value)
    .toMatch(/^Asia%2F(Kolkata|Calcutta)$/);
  const html = await (await context.request.get('/audit')).text();
  expect(html).toContain('GMT+5:30');
  // The page loaded with it hydrates without a mismatch (the browser renders the same text first).
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.reload();
  await expect(page.getByRole('table', { name: /Audit/ })).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});

test("the message log by date, the days read in the operator's time zone; Export CSV follows", async ({
  browser,
  request,
}) => {
  // A zone whose date today is not UTC's, with an hour to spare: UTC+14 is a day ahead from
  // 10:00 UTC on, UTC-11 a day behind until 11:00 UTC.
  const hour = new Date().getUTCHours();
  const zone = hour >= 10 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
  const day = (timeZone: string, plusDays = 0) =>
    new Date(Date.now() + plusDays * 86_400_000).toLocaleDateString('en-CA', { timeZone });
  const context = await browser.newContext({ baseURL: E2E_BASE_URL, timezoneId: zone, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  const tag = `d${Date.now()}`;
  const [ann, ben] = ['ann', 'ben'].map((n) => `${n}.${tag}@example.org`);
  for (const address of [ann, ben]) await backend(request, { op: 'useradd', user: { address } });
  await backend(request, { op: 'message', message: { from: ann, to: ben, message: `dated ${tag}` } });

  await page.goto(`/apps/1/messages?from=${encodeURIComponent(ann)}`);
  const filter = page.getByRole('form', { name: 'Filter messages' });
  const log = page.getByRole('table', { name: 'Messages' });
  await expect(filter.getByText(`A day in ${zone}.`).first()).toBeVisible();
  const byDays = async (since: string, until: string) => {
    await filter.getByLabel('From date').fill(since);
    await filter.getByLabel('To date').fill(until);
    await filter.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(new RegExp(`since=${since}&until=${until}`));
  };
  await byDays(day(zone), day(zone));
  await expect(log).toContainText(`dated ${tag}`);
  await byDays(day('UTC'), day('UTC')); // another day in this zone
  await expect(page.getByText('No messages match this filter')).toBeVisible();
  await byDays(day(zone, -3), day(zone, -1));
  await expect(page.getByText('No messages match this filter')).toBeVisible();

  // A range that ends before it starts: said on To date, nothing listed.
  await byDays(day(zone), day(zone, -1));
  const until = filter.getByLabel('To date');
  await expect(until).toHaveAttribute('aria-invalid', 'true');
  await expect(filter).toContainText(`To date (${day(zone, -1)}) is before From date (${day(zone)}).`);
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0); // the same dates fail the same way

  // Export CSV exports what the filter shows.
  await byDays(day(zone, -1), day(zone));
  await expect(log).toContainText(`dated ${tag}`);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const text = fs.readFileSync((await (await download).path()) ?? '', 'utf8');
  expect(text).toContain(`dated ${tag}`);
  expect(text.trimEnd().split('\r\n')).toHaveLength(2);
  await context.close();
});

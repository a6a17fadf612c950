import { expect, type Locator, type Page, test } from '@playwright/test';
import { ADMIN, CLOUD_BACKEND_URL, E2E_BASE_URL } from '../../playwright.config';
import { postJson } from '../helpers/http';
import { backend, newApp, remoteApp, signIn } from './helpers';

/**
 * Issue 31: the Overview's Needs attention (each item linking to where to act), and its activity over the last 24 hours, 7 and 30 days, in the
 * operator's time zone, drawn on the server; each chart's numbers as a table on demand; a
 * cloud app's charts count what the console knows, and say so.
 */
test.use({ timezoneId: 'Asia/Kolkata' });

const chart = (page: Page, title: string) => page.getByRole('figure', { name: title });
const totalOf = async (figure: Locator) =>
  Number(((await figure.locator('figcaption .text-lg').textContent()) ?? '').replace(/,/g, ''));

test('messages and new users show in every range, as charts and as tables, wide and at 360 px', async ({
  page,
  request,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/apps/1?range=24h');
  // Chromium names the zone by its older name, Asia/Calcutta.
  await expect(page.getByText(/in your time zone \(Asia\/(Kolkata|Calcutta)\)/)).toBeVisible();
  const before = await totalOf(chart(page, 'Messages sent'));
  const usersBefore = await totalOf(chart(page, 'Users created'));

  const tag = Date.now();
  for (const a of ['a', 'b']) await backend(request, { op: 'useradd', user: { address: `act-${a}-${tag}` } });
  const gid = (
    await backend(request, { op: 'groupadd', group: { name: `act ${tag}`, members: { m: `act-a-${tag}` } } })
  ).group.gid;
  for (let i = 0; i < 3; i++)
    await backend(request, { op: 'message', message: { from: `act-a-${tag}`, to: `act-b-${tag}`, message: `d${i}` } });
  for (let i = 0; i < 2; i++)
    await backend(request, { op: 'message', message: { from: `act-a-${tag}`, gid, message: `g${i}` } });

  await page.goto('/apps/1?range=7d');
  for (const [range, key] of [
    ['Last 24 hours', '24h'],
    ['Last 30 days', '30d'],
    ['Last 7 days', '7d'],
  ]) {
    await page.getByRole('navigation', { name: 'Range' }).getByRole('link', { name: range }).click();
    await page.waitForURL(`**/apps/1?range=${key}`);
    await expect(page.getByRole('link', { name: range })).toHaveAttribute('aria-current', 'page');
    const messages = chart(page, 'Messages sent');
    expect(await totalOf(messages)).toBeGreaterThanOrEqual(before + 5);
    expect(await totalOf(chart(page, 'Users created'))).toBeGreaterThanOrEqual(usersBefore + 2);
    await expect(messages).toContainText(/(on|in) the previous (24 hours|7 days|30 days)/);
    await expect(messages.locator('svg rect').first()).toBeVisible();
  }

  // The numbers as a table: the current day's row holds this test's messages.
  await page.goto('/apps/1?range=24h');
  const messages = chart(page, 'Messages sent');
  const table = messages.getByRole('table');
  await messages.getByLabel('Show as table').check();
  await expect(table).toBeVisible();
  const last = table.getByRole('row').last();
  const cells = (await last.getByRole('cell').allTextContents()).map((c) => Number(c.replace(/,/g, '')));
  expect(cells[0]).toBeGreaterThanOrEqual(3); // direct
  expect(cells[1]).toBeGreaterThanOrEqual(2); // to groups
  expect(cells[2]).toBe(cells[0] + cells[1]); // all
  // Hours of the operator's zone: Kolkata's hours begin at half past in UTC.
  const now = new Date();
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', hour12: false }).format(
    now,
  );
  await expect(last.getByRole('rowheader')).toHaveText(new RegExp(`${hour}:00$`));

  // Phones, dark: the charts fit, nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/apps/1?range=30d');
  await expect(chart(page, 'Messages sent')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});

test('a cloud app charts what this console knows, and says so', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const cloud = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Development');
  await page.goto(`/apps/${cloud.id}/users`);
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByLabel('Address').fill(`chart-${cloud.tag}@example.com`);
  await page.getByRole('button', { name: 'Create user' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await page.goto(`/apps/${cloud.id}?range=24h`);
  await expect(page.getByText('Counted by this console: mesibo')).toBeVisible();
  const users = chart(page, 'Users created');
  expect(await totalOf(users)).toBe(1);
  await expect(users).toContainText('Through the console 1');
  await expect(users).toContainText('Imported 0');
});

test('Needs attention: a token at its last allowed client address, and webhooks on but silent, each with where to act', async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const name = `attention-${Date.now()}`;
  const dialog = await newApp(page, { name, environment: 'Development', kind: 'Bundled' });
  const token = await dialog.getByLabel('App token').inputValue();
  const href = await dialog.getByRole('link', { name: `Open the settings of ${name}` }).getAttribute('href');
  const id = Number(/\/apps\/(\d+)\//.exec(href ?? '')?.[1]);
  await dialog.getByRole('button', { name: 'Done' }).click();
  const attention = page.getByRole('region', { name: 'Needs attention' });
  await page.goto(`/apps/${id}`);
  await expect(attention).toContainText('Nothing needs attention.');

  // Five client addresses against a limit of five: the last allowed one is in use.
  for (let i = 2; i <= 6; i++)
    await postJson(`${E2E_BASE_URL}/backend`, { op: 'stats', token }, { localAddress: `127.0.0.${i}` });
  await page.reload();
  const breach = attention.getByRole('listitem').filter({ hasText: 'client addresses' });
  await expect(breach).toContainText('5 of 5 allowed client addresses in the last 24 hours: one more disables the app');
  await breach.getByRole('link', { name: 'Review the app token' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${id}/settings$`));

  // Webhooks turned on, nothing delivered yet: silent.
  await page.goto(`/apps/${id}/webhooks`);
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('button', { name: 'Turn off' })).toBeVisible();
  await page.goto(`/apps/${id}`);
  const silent = attention.getByRole('listitem').filter({ hasText: 'No webhook delivery' });
  await expect(silent).toBeVisible();
  await silent.getByRole('link', { name: 'Check webhooks' }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${id}/webhooks$`));
  // Webhooks on: a chart of users online joins the others.
  await page.goto(`/apps/${id}`);
  await expect(chart(page, 'Users online')).toBeVisible();
});

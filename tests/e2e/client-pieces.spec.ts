import fs from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { ADMIN, E2E_REMOTE_LOG_FILE, FAKE_BACKEND_URL, REMOTE_BASE_URL } from '../../playwright.config';
import { backend, signIn } from './helpers';

/** Bugs the rebuild of the console's client side fixed (issue 9), each as an operator meets it. */

test.describe('a browser far from the server’s time zone', () => {
  test.use({ timezoneId: 'Pacific/Kiritimati' }); // UTC+14
  test('no page logs a hydration error, and times switch to local time after it', async ({ page, request }) => {
    const address = `tz-${Date.now()}`;
    await backend(request, { op: 'useradd', user: { address, token: { appid: 'web' } } });
    const gid = (await backend(request, { op: 'groupadd', group: { name: 'tz group', members: { m: address } } })).group
      .gid;
    await backend(request, { op: 'message', message: { from: address, gid, message: 'tz message' } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /hydrat|#418|did not match|server rendered/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => {
      if (/hydrat|#418|did not match/i.test(e.message)) problems.push(e.message);
    });
    await signIn(page, ADMIN.email, ADMIN.password);
    for (const path of [
      '/',
      '/users',
      `/users/${address}`,
      '/groups',
      `/groups/${gid}`,
      '/messages',
      '/audit',
      '/operators',
    ]) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
    }
    expect(problems).toEqual([]);
    // After hydration the message's time is shown in the browser's zone (not the server's UTC form).
    await page.goto('/messages');
    const sent = page.getByRole('row').filter({ hasText: 'tz message' }).locator('time').first();
    // After hydration: how long ago, with the exact local time and its zone on hover.
    await expect(sent).toContainText(/now|seconds? ago|minutes? ago/);
    await expect(sent).toHaveAttribute('title', /GMT\+14/);
  });
});

test('the operators page sends no session version (or anything the page does not show) to the browser', async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const html = await (await page.request.get('/operators')).text();
  expect(html).toContain(ADMIN.email);
  for (const hidden of ['sessionVersion', 'session_version', 'createdTs', 'passwordHash', 'password_hash'])
    expect(html).not.toContain(hidden);
});

test.describe('request ids', () => {
  const setMode = (page: Page, mode: string) => page.request.post(`${FAKE_BACKEND_URL}/__mode`, { data: { mode } });
  test('a failed page load shows a request id that finds its log line and its audit entry', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: REMOTE_BASE_URL });
    const page = await context.newPage();
    await setMode(page, 'ok');
    await signIn(page, ADMIN.email, ADMIN.password);
    await setMode(page, '500');
    try {
      for (const path of ['/', '/users', '/users/someone', '/groups', '/messages']) {
        await page.goto(path);
        const alert = page.getByRole('alert').filter({ hasText: 'Request id:' }).first();
        await expect(alert, path).toBeVisible();
        const id = /Request id: ([0-9a-f-]{36})/.exec((await alert.textContent()) ?? '')?.[1];
        expect(id, `${path} shows a real request id`).toBeTruthy();
        await expect
          .poll(() => fs.readFileSync(E2E_REMOTE_LOG_FILE, 'utf8').includes(id ?? '-'), { message: path })
          .toBe(true);
        const csv = await (await page.request.get('/api/audit/export?action=page.load')).text();
        expect(csv, `${path}: audit entry for ${id}`).toContain(id);
      }
    } finally {
      await setMode(page, 'ok');
      await context.close();
    }
  });
});

test('table-row links prefetch on intent, not on render', async ({ page, request }) => {
  for (let i = 0; i < 5; i++)
    await backend(request, { op: 'useradd', user: { address: `prefetch-${Date.now()}-${i}` } });
  await signIn(page, ADMIN.email, ADMIN.password);
  const prefetches: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (/^\/apps\/\d+\/users\//.test(url.pathname) && (r.headers()['next-router-prefetch'] || r.headers().rsc))
      prefetches.push(url.pathname);
  });
  await page.goto('/users?q=prefetch-');
  await expect(page.getByRole('row')).toHaveCount(6); // header and five users
  await page.waitForLoadState('networkidle');
  expect(prefetches).toEqual([]);
  const first = page.getByRole('row').nth(1).getByRole('link');
  await first.hover();
  await expect.poll(() => prefetches.length).toBeGreaterThan(0);
  expect(new Set(prefetches).size).toBe(1);
});

test('the sign-in page and the console load without a single console error (the icon included)', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto('/login');
  await page.waitForLoadState('networkidle');
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);
  expect(
    (await page.request.get((await page.locator('link[rel="icon"]').getAttribute('href')) ?? '/none')).status(),
  ).toBe(200);
});

test('an action sent from a page of the build before a deploy reloads the page instead of failing', async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/apps/1/users');
  // What a new build answers an action id it does not have (Next's own answer for it).
  let refused = 0;
  await page.route('**/apps/1/users', async (route) => {
    if (route.request().method() !== 'POST' || refused++) return route.continue();
    await route.fulfill({
      status: 404,
      headers: { 'x-nextjs-action-not-found': '1', 'content-type': 'text/plain' },
      body: 'Server action not found.',
    });
  });
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByLabel('Address').fill(`skew-${Date.now()}`);
  const reloaded = page.waitForEvent('framenavigated', (f) => f === page.mainFrame());
  await page.getByRole('button', { name: 'Create user' }).click();
  await reloaded;
  expect(refused).toBe(1);
  await expect(page.getByRole('dialog')).toHaveCount(0); // the page itself again, nothing half-done
  await expect(page.getByText('could not be reached')).toHaveCount(0);
});

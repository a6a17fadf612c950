import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { ADMIN, CANARY_APP_TOKEN, E2E_BASE_URL, E2E_LOG_FILE } from '../../playwright.config';
import { backend, signIn } from './helpers';

/**
 * The app token must never reach a browser. The server runs with a known canary token;
 * this walks every page as every role, error paths included, recording every response
 * body, header and cookie plus storage and console lines, and searches them all.
 */
const ROLES = ['admin', 'operator', 'support', 'viewer'] as const;
const PASSWORD = 'canary-walk-password-1';

function record(page: Page, sink: string[]) {
  page.on('response', async (response) => {
    sink.push(response.url(), JSON.stringify(response.headers()));
    sink.push(await response.text().catch(() => ''));
  });
  page.on('console', (m) => sink.push(m.text()));
}

test('no page, header, cookie, storage entry or console line holds the app token, for any role', async ({
  browser,
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const address = `canary-user-${Date.now()}`;
  await backend(request, { op: 'useradd', user: { address, token: { appid: 'web' } } });
  const gid = (await backend(request, { op: 'groupadd', group: { name: 'canary group', members: { m: address } } }))
    .group.gid;
  await backend(request, { op: 'message', message: { from: address, gid, message: 'canary message' } });

  // Operators for every role, made by the admin through the console.
  await signIn(page, ADMIN.email, ADMIN.password);
  for (const role of ROLES.slice(1)) {
    await page.goto('/operators');
    await page.getByRole('button', { name: 'New operator' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Email').fill(`canary-${role}@example.com`);
    await dialog.getByLabel('Role').selectOption(role);
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Create operator' }).click();
    await expect(page.getByRole('row').filter({ hasText: `canary-${role}@example.com` })).toBeVisible();
  }

  const pages = [
    '/',
    '/users',
    `/users/${address}`,
    '/users/no-such-user',
    '/groups',
    `/groups/${gid}`,
    '/groups/999999',
    '/groups/abc',
    '/messages',
    `/messages?gid=${gid}`,
    '/audit',
    '/operators',
    '/no-such-page',
    '/api/users?q=canary',
    `/api/groups/${gid}/members`,
    '/api/messages',
    '/api/auth/session',
  ];
  for (const role of ROLES) {
    const context = await browser.newContext({ baseURL: E2E_BASE_URL });
    const p = await context.newPage();
    const seen: string[] = [];
    record(p, seen);
    await p.goto('/login');
    await p.getByLabel('Email').fill(role === 'admin' ? ADMIN.email : `canary-${role}@example.com`);
    await p.getByLabel('Password').fill(role === 'admin' ? ADMIN.password : PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expect(p.getByRole('button', { name: 'Sign out' })).toBeVisible();
    for (const url of pages) {
      await p.goto(url);
      await p.waitForLoadState('networkidle');
      seen.push(await p.content());
    }
    // An error path: an action that the backend refuses.
    if (role !== 'viewer') {
      await p.goto(`/users/${address}`);
      await p.getByRole('button', { name: 'Generate token' }).click();
      await p.getByLabel('App ID').fill('x'.repeat(129));
      await p.getByRole('dialog').getByRole('button', { name: 'Generate token' }).click();
      await p.waitForLoadState('networkidle');
    }
    seen.push(JSON.stringify(await context.cookies()));
    seen.push(await p.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })));
    const all = seen.join('\n');
    expect(all.length).toBeGreaterThan(10_000);
    expect(all, `the app token reached the browser of ${role}`).not.toContain(CANARY_APP_TOKEN);
    await context.close();
  }
});

test('no file the browser can load from the build holds the app token', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk('.next/static');
  expect(files.length).toBeGreaterThan(5);
  for (const f of files) expect(fs.readFileSync(f, 'latin1').includes(CANARY_APP_TOKEN), f).toBe(false);
});

test('the server log, at debug level, never holds the app token', () => {
  const text = fs.readFileSync(E2E_LOG_FILE, 'utf8');
  expect(text).toContain('server started');
  expect(text).not.toContain(CANARY_APP_TOKEN);
});

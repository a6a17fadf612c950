import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import {
  ADMIN,
  CANARY_APP_TOKEN,
  CANARY_NEXTAUTH_SECRET,
  CANARY_REMOTE_APP_TOKEN,
  CANARY_SERVER_KEY,
  E2E_BASE_URL,
  E2E_DATA_DIR,
  E2E_LOG_FILE,
} from '../../playwright.config';
import { backend, createOperator, signIn } from './helpers';

/**
 * The app token (and the session-signing secret) must never reach a browser. The server
 * runs with known canary values; this walks every page as every role, error paths
 * included, recording every response body, header and cookie plus storage and console
 * lines, and searches them all.
 */
const SECRETS = {
  'the app token': CANARY_APP_TOKEN,
  NEXTAUTH_SECRET: CANARY_NEXTAUTH_SECRET,
  CONSOLE_SECRET_KEY: CANARY_SERVER_KEY,
  "a remote app's token": CANARY_REMOTE_APP_TOKEN,
};
const ROLES = ['admin', 'operator', 'support', 'viewer'] as const;
/** The default app's webhook secret and receiver URL id: admins and operators see them on its Webhooks page, nobody else, anywhere. */
const webhook: Record<string, string> = {};
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
  for (const role of ROLES.slice(1))
    await createOperator(page, { email: `canary-${role}@example.com`, password: PASSWORD }, role);
  // A remote app whose token is typed into the form, at an address where nothing answers (the
  // fake backend must see only the configured token): the test before saving fails, and the
  // admin saves it anyway. From here on it sits sealed in the database.
  await page.goto('/apps');
  await page.getByRole('button', { name: 'New app' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('canary remote');
  await dialog.getByLabel('Kind').selectOption({ label: 'Remote' });
  await dialog.getByLabel('Backend API URL').fill('http://127.0.0.1:9/backend');
  await dialog.getByLabel('App token').fill(CANARY_REMOTE_APP_TOKEN);
  await dialog.getByRole('button', { name: 'Create app' }).click();
  await expect(dialog.getByLabel('Backend API URL')).toHaveAccessibleDescription(/did not answer the test/);
  await dialog.getByLabel('Save it anyway (it stays unusable until its backend answers)').check();
  await dialog.getByRole('button', { name: 'Create app' }).click();
  const settings =
    (await dialog.getByRole('link', { name: 'Open the settings of canary remote' }).getAttribute('href')) ?? '';
  expect(settings).toMatch(/^\/apps\/\d+\/settings$/);

  // The default app's webhooks: on, delivered to (a legacy GET carries the secret in its query),
  // and refused (a wrong secret; a malformed body holding the real one).
  await page.goto('/apps/1/webhooks');
  webhook['the webhook secret'] = await page.getByLabel('Secret', { exact: true }).inputValue();
  const receiver = new URL(await page.getByLabel('Receiver URL').inputValue()).pathname;
  webhook["the webhook URL's id"] = receiver.split('/').pop() ?? '';
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('button', { name: 'Turn off' })).toBeVisible();
  const hookSecret = webhook['the webhook secret'];
  await page.request.post(receiver, {
    data: {
      v: 1,
      aid: 1,
      ts: Date.now(),
      secret: hookSecret,
      events: [{ type: 'user', user: { address }, status: 'online' }],
    },
  });
  await page.request.get(`${receiver}?${new URLSearchParams({ secret: hookSecret, from: address, e: '32' })}`);
  await page.request.post(receiver, { data: { v: 1, secret: 'wrong', events: [] } });
  await page.request.post(receiver, { data: `{"v":1,"secret":"${hookSecret}",broken` });

  const pages = [
    '/',
    '/apps/1/webhooks',
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
    '/apps',
    settings,
    '/no-such-page',
    '/api/apps/1/users?q=canary',
    `/api/apps/1/groups/${gid}/members`,
    '/api/apps/1/messages',
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
    for (const [what, value] of Object.entries(SECRETS))
      expect(all, `${what} reached the browser of ${role}`).not.toContain(value);
    if (role === 'support' || role === 'viewer')
      for (const [what, value] of Object.entries(webhook))
        expect(all, `${what} reached the browser of ${role}`).not.toContain(value);
    await context.close();
  }
});

test('no file of the build, static or prerendered, holds the app token or the secret it was built with', () => {
  // `npm test` builds with the canary values in the environment (scripts/test-all.sh), so a
  // value inlined at build time would be found here; .next/cache is the build tool's own.
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      // Symbolic links (.next/node_modules) point at installed packages, not at build output.
      if (e.isDirectory() && full !== path.join('.next', 'cache')) walk(full);
      else if (e.isFile()) files.push(full);
    }
  };
  walk('.next');
  walk('dist'); // the custom server's bundle
  expect(files.filter((f) => f.startsWith(path.join('.next', 'static'))).length).toBeGreaterThan(5);
  expect(files.some((f) => f.endsWith('.html'))).toBe(true); // the prerendered pages are searched too
  for (const f of files) {
    const text = fs.readFileSync(f, 'latin1');
    for (const [what, value] of Object.entries(SECRETS)) expect(text.includes(value), `${what} in ${f}`).toBe(false);
  }
});

test('the server log, at debug level, never holds the app token or the secret', () => {
  const text = fs.readFileSync(E2E_LOG_FILE, 'utf8');
  expect(text).toContain('server started');
  for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
  expect(Object.keys(webhook)).toHaveLength(2);
  for (const [what, value] of Object.entries(webhook)) expect(text, what).not.toContain(value);
});

test('the database files hold no secret, and only this account may read them', () => {
  // Everything the walks above created is in here: app token hashes, OTP hashes, sessions, the audit log.
  const files = fs.readdirSync(E2E_DATA_DIR).map((f) => path.join(E2E_DATA_DIR, f));
  expect(files.some((f) => f.endsWith('mesibo.db'))).toBe(true);
  expect(fs.statSync(E2E_DATA_DIR).mode & 0o777).toBe(0o700);
  for (const f of files) {
    expect(fs.statSync(f).mode & 0o077, `${f} is readable by others`).toBe(0);
    const bytes = fs.readFileSync(f, 'latin1');
    for (const [what, value] of Object.entries({ ...SECRETS, ...webhook }))
      expect(bytes.includes(value), `${what} in ${f}`).toBe(false);
  }
});

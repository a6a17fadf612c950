import fs from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import {
  ADMIN,
  CANARY_APP_TOKEN,
  CANARY_NEXTAUTH_SECRET,
  E2E_REMOTE_LOG_FILE,
  FAKE_BACKEND_URL,
  REMOTE_BASE_URL,
} from '../../playwright.config';

/**
 * The console configured for a remote Backend API (MESIBO_API_URL), pointed at a fake one
 * on loopback that misbehaves on demand: every failure becomes a clear message with a
 * request id and a retry, never a blank page, upstream text or the token.
 */
test.describe.configure({ mode: 'serial' });

const setMode = async (page: Page, mode: string) => {
  await page.request.post(`${FAKE_BACKEND_URL}/__mode`, { data: { mode } });
};
const seen = async (page: Page) =>
  (await (await page.request.get(`${FAKE_BACKEND_URL}/__seen`)).json()) as {
    address: string;
    token: string;
    op: string;
    mode: string;
  }[];

let page: Page;
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ baseURL: REMOTE_BASE_URL });
  page = await context.newPage();
  await setMode(page, 'ok');
  await page.goto('/login');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('the overview names the remote backend', async () => {
  await page.goto('/');
  await expect(page.getByText(`Remote Backend API at ${FAKE_BACKEND_URL}/backend`)).toBeVisible();
  await expect(page.getByTestId('breach-state')).toHaveText('Token breach: this backend does not report it.');
});

test('a creation whose answer is lost is reported, and never sent twice', async () => {
  await setMode(page, 'drop:useradd');
  const before = (await seen(page)).filter((s) => s.op === 'useradd').length;
  await page.goto('/users');
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByLabel('Address').fill('remote-new');
  await page.getByLabel('App ID').fill('web');
  await page.getByRole('button', { name: 'Create user' }).click();
  const alert = page.getByRole('dialog').getByRole('alert');
  await expect(alert).toContainText('could not be reached');
  await expect(alert).toContainText('Request id:');
  expect((await seen(page)).filter((s) => s.op === 'useradd').length - before).toBe(1);
  await setMode(page, 'ok');
  await page.goto('/'); // a success resets the failure count
  await expect(page.getByText(`Remote Backend API at`)).toBeVisible();
  await page.goto(`/audit?action=user.create`);
  await expect(page.getByRole('row').filter({ hasText: 'remote-new' }).first()).toContainText('failed');
});

test('each kind of upstream failure gets its own clear message; repeated failures fail fast, then it recovers', async () => {
  test.setTimeout(60_000);
  const cases: [string, RegExp][] = [
    // The backend's NOUSER in the console's words (its own text, which names ops, is not shown).
    ['false', /This user no longer exists/],
    ['500', /answered with an error status/],
    ['html', /could not read/],
    ['badjson', /could not read/],
    ['hang', /did not answer in time/],
    ['drop', /could not be reached/],
  ];
  for (const [mode, message] of cases) {
    await setMode(page, mode);
    const started = Date.now();
    await page.goto('/');
    const alert = page.getByRole('main').getByRole('alert');
    await expect(alert, mode).toContainText(message);
    await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
    if (mode !== 'false') await expect(alert).toContainText('Request id:');
    else await expect(alert).not.toContainText('Create the user first');
    const text = await page.content();
    expect(text).not.toContain('upstream-stack-trace-marker');
    expect(text).not.toContain('upstream-html-marker');
    expect(text).not.toContain(CANARY_APP_TOKEN);
    expect(Date.now() - started, mode).toBeLessThan(8_000); // the 1.5 s budget, plus rendering
  }
  // Five upstream failures in a row: the console stops calling for a while.
  await setMode(page, 'ok');
  const calls = (await seen(page)).length;
  await page.goto('/');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('failed several times in a row');
  expect((await seen(page)).length).toBe(calls);
  // ...and recovers once the pause is over.
  await page.waitForTimeout(10_500);
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('term').filter({ hasText: 'Users' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
});

test('the fake backend saw one client address and only the configured app token', async () => {
  const all = await seen(page);
  expect(all.length).toBeGreaterThan(10);
  expect(new Set(all.map((s) => s.address))).toEqual(new Set(['127.0.0.1']));
  expect(new Set(all.map((s) => s.token))).toEqual(new Set([CANARY_APP_TOKEN]));
});

test('after every kind of upstream failure, the console log at debug level holds neither the token nor the secret', () => {
  const text = fs.readFileSync(E2E_REMOTE_LOG_FILE, 'utf8');
  expect(text).toContain('server started');
  expect(text).toContain('"backend":"remote"');
  expect(text).toContain('"msg":"backend call"'); // debug lines: every call is logged, by op and time
  expect(text).toContain('"msg":"backend call failed"');
  expect(text).not.toContain(CANARY_APP_TOKEN);
  expect(text).not.toContain(CANARY_NEXTAUTH_SECRET);
});

import { expect, test } from '@playwright/test';
import { ADMIN, CANARY_APP_TOKEN } from '../../playwright.config';
import { signIn, signOut } from './helpers';

test('signed-out visitors are sent to sign in and see no data', async ({ page, request }) => {
  await page.goto('/users');
  await expect(page).toHaveURL(/\/login\?next=%2Fusers/);
  const api = await request.get('/api/users');
  expect(api.status()).toBe(401);
  expect(await api.text()).not.toContain('"rows"');
  // The refusal is audited.
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/audit?action=authz.denied');
  await expect(page.getByRole('row').filter({ hasText: 'GET /api/users' }).first()).toContainText('anonymous');
});

test('a wrong password and an unknown e-mail get the same answer', async ({ page }) => {
  for (const [email, password] of [
    [ADMIN.email, 'wrong-password-123'],
    ['nobody@example.com', 'whatever-123456'],
  ]) {
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Email or password is wrong' })).toBeVisible();
  }
});

test('sign in, see the overview, sign out; the old session is refused', async ({ page, request }) => {
  const add = await request.post('/backend', {
    data: { op: 'useradd', token: CANARY_APP_TOKEN, user: { address: 'e2e-overview-user' } },
  });
  expect((await add.json()).result).toBe(true);
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByText('Bundled Backend API (this server, /backend)')).toBeVisible();
  await expect(page.getByTestId('breach-state')).toHaveText(
    /Token breach: none \(\d of 5 addresses in the last 24 hours\)/,
  );
  for (const name of ['Overview', 'Users', 'Groups', 'Messages', 'Audit log', 'Operators']) {
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true })).toBeVisible();
  }
  const cookies = await page.context().cookies();
  await signOut(page);
  // Replaying the old session cookie gets nothing.
  const replay = await request.get('/api/users', {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
  });
  expect(replay.status()).toBe(401);
});

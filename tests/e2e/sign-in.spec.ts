import { expect, test } from '@playwright/test';
import { ADMIN, CANARY_APP_TOKEN, E2E_BASE_URL } from '../../playwright.config';
import { createOperator, signIn, signOut } from './helpers';

test('signed-out visitors are sent to sign in and see no data', async ({ page, request }) => {
  await page.goto('/users');
  await expect(page).toHaveURL(/\/login\?next=%2Fusers/);
  const api = await request.get('/api/apps/1/users');
  expect(api.status()).toBe(401);
  expect(await api.text()).not.toContain('"rows"');
  // The refusal is audited.
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/audit?action=authz.denied');
  await expect(page.getByRole('row').filter({ hasText: 'GET /api/apps/1/users' }).first()).toContainText('anonymous');
});

test('a wrong password and an unknown e-mail get the same answer; the e-mail stays and the password takes focus', async ({
  page,
}) => {
  for (const [email, password] of [
    [ADMIN.email, 'wrong-password-123'],
    ['nobody@example.com', 'whatever-123456'],
  ]) {
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Email or password is wrong' })).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveValue(email);
    await expect(page.getByLabel('Password')).toBeFocused();
    await expect(page.getByLabel('Password')).toHaveValue('');
    // However it is sent, a password never goes in a URL (a form sent before the page hydrated was a GET).
    expect(page.url()).not.toContain(password);
    await expect(page.locator('form').filter({ has: page.getByLabel('Password') })).toHaveAttribute('method', 'post');
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
  const replay = await request.get('/api/apps/1/users', {
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
  });
  expect(replay.status()).toBe(401);
});

test('five wrong passwords lock the account for a while, with the same answer as always', async ({ browser, page }) => {
  const who = { email: `lock-${Date.now()}@example.com`, password: 'lockout-password-123' };
  await signIn(page, ADMIN.email, ADMIN.password);
  await createOperator(page, who);

  const other = await browser.newPage();
  const attempt = async (password: string) => {
    await other.goto('/login');
    await other.getByLabel('Email').fill(who.email);
    await other.getByLabel('Password').fill(password);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expect(other.getByRole('alert').filter({ hasText: 'Email or password is wrong' })).toBeVisible();
  };
  for (let i = 0; i < 5; i++) await attempt(`wrong-${i}-password`);
  await attempt(who.password); // right password, but locked: same answer
  await page.goto(`/audit?operator=${encodeURIComponent(who.email)}&action=auth.signin`);
  await expect(page.getByRole('row').filter({ hasText: 'Sign-in refused (locked)' }).first()).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Sign-in refused (invalid)' })).toHaveCount(5);

  // The lock holds for this client address only, and an admin sees it and clears it.
  await page.goto('/operators');
  const row = page.getByRole('row').filter({ hasText: who.email });
  await expect(row.getByText('Locked', { exact: true })).toBeVisible();
  await expect(row).toContainText('from 127.0.0.1');
  await expect(row).toContainText('Never'); // no sign-in yet: the locked attempts do not count
  await row.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(row.getByText('Locked', { exact: true })).toBeHidden();
  await signIn(other, who.email, who.password);
  await page.goto('/operators');
  await expect(page.getByRole('row').filter({ hasText: who.email })).not.toContainText('Never');
  await page.goto(`/audit?action=operator.unlock`);
  await expect(page.getByRole('row').filter({ hasText: who.email }).first()).toContainText('ok');
  await other.close();
});

test('any operator changes its own password: the current one must be right, every session ends, the new one works', async ({
  browser,
  page,
}) => {
  const email = `own-password-${Date.now()}@example.com`;
  const [first, second] = ['first-password-123', 'second-password-456'];
  await signIn(page, ADMIN.email, ADMIN.password);
  await createOperator(page, { email, password: first }, 'viewer');

  const contexts = [
    await browser.newContext({ baseURL: E2E_BASE_URL }),
    await browser.newContext({ baseURL: E2E_BASE_URL }),
  ];
  const [mine, elsewhere] = [await contexts[0].newPage(), await contexts[1].newPage()];
  await signIn(mine, email, first);
  await signIn(elsewhere, email, first);

  await mine.goto('/account');
  await mine.getByRole('button', { name: 'Change password' }).click();
  const dialog = mine.getByRole('dialog', { name: 'Change your password' });
  await dialog.getByLabel('Current password').fill('not-my-password-0');
  await dialog.getByLabel('New password').fill(second);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Your current password is not right');
  await dialog.getByLabel('Current password').fill(first);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(mine).toHaveURL(/\/login\?changed=1/);
  await expect(mine.getByRole('status')).toContainText('Your password was changed');

  // The other session ended too; the old password no longer works, the new one does.
  await elsewhere.goto('/users');
  await expect(elsewhere).toHaveURL(/\/login/);
  await mine.getByLabel('Email').fill(email);
  await mine.getByLabel('Password').fill(first);
  await mine.getByRole('button', { name: 'Sign in' }).click();
  await expect(mine.getByRole('alert').filter({ hasText: 'Email or password is wrong' })).toBeVisible();
  await signIn(mine, email, second);
  for (const c of contexts) await c.close();

  await page.goto('/audit?action=operator.password.own');
  await expect(page.getByRole('row').filter({ hasText: email }).first()).toContainText('ok');
});

import { expect, type Page, test } from '@playwright/test';
import { ADMIN, E2E_BASE_URL } from '../../playwright.config';
import { backend, callActionDirectly, createOperator, signIn } from './helpers';

const SUPPORT = { email: `support-${Date.now()}@example.com`, password: 'support-password-123' };
const VIEWER = { email: `viewer-${Date.now()}@example.com`, password: 'viewer-password-1234' };

async function asOperator(browser: import('@playwright/test').Browser, who: { email: string; password: string }) {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  const page = await context.newPage();
  await signIn(page, who.email, who.password);
  return { context, page };
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

test.describe.configure({ mode: 'serial' });

test('an admin creates a support and a viewer operator', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await createOperator(page, SUPPORT, 'support');
  await createOperator(page, VIEWER, 'viewer');
});

test('support: views, manages tokens and activation; cannot create, rename, delete, or see the audit log', async ({
  browser,
  request,
}) => {
  const address = `support-target-${Date.now()}`;
  await backend(request, { op: 'useradd', user: { address, name: 'Target' } });
  const { context, page } = await asOperator(browser, SUPPORT);
  for (const name of ['Overview', 'Users', 'Groups', 'Messages'])
    await expect(nav(page).getByRole('link', { name, exact: true })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await expect(nav(page).getByRole('link', { name: 'Operators' })).toHaveCount(0);
  await page.goto('/audit');
  await expect(page.getByText('Not available to your role')).toBeVisible();
  await page.goto('/operators');
  await expect(page.getByText('Not available to your role')).toBeVisible();

  await page.goto('/users');
  await expect(page.getByRole('button', { name: 'New user' })).toHaveCount(0);
  await page.goto(`/users/${address}`);
  await expect(page.getByLabel('Name')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Delete user' })).toHaveCount(0);
  await page.getByRole('switch', { name: 'Active' }).click();
  await page.getByRole('dialog', { name: 'Deactivate user' }).getByRole('button', { name: 'Deactivate user' }).click();
  await expect(page.getByText(`${address} deactivated`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0); // support may not rename
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByLabel('App ID').fill('web');
  await page.getByRole('dialog').getByRole('button', { name: 'Generate token' }).click();
  await expect(page.getByLabel('Access token')).toHaveValue(/^[a-z0-9]{40,}$/);
  await page.getByRole('button', { name: 'Done' }).click();
  expect((await backend(request, { op: 'usersget', user: { address } })).users[0]).toMatchObject({
    active: false,
    tokens: [expect.objectContaining({ appid: 'web' })],
  });

  // The same server actions called directly, bypassing the UI: refused, nothing changed.
  const file = 'app/(console)/apps/[app]/users/actions.ts';
  await callActionDirectly(context, E2E_BASE_URL, file, 'deleteUserAction', [{ app: 1, address, confirm: address }]);
  await callActionDirectly(context, E2E_BASE_URL, file, 'saveUserAction', [{ app: 1, address, name: 'Hacked' }]);
  await callActionDirectly(context, E2E_BASE_URL, file, 'createUserAction', [{ app: 1, address: `${address}-new` }]);
  await callActionDirectly(context, E2E_BASE_URL, 'app/(console)/apps/[app]/groups/actions.ts', 'createGroupAction', [
    {
      app: 1,
      name: 'by support',
      behaviour: { send: 'members', receive: 'members', delivery: 'every', noStorage: false, loopback: false },
    },
  ]);
  await callActionDirectly(context, E2E_BASE_URL, 'app/(console)/operators/actions.ts', 'createOperatorAction', [
    { email: 'evil@example.com', role: 'admin', password: 'evil-password-123' },
  ]);
  const after = await backend(request, { op: 'usersget', user: { address: `${address}*` } });
  expect(after.users.map((u: { address: string; name: string }) => [u.address, u.name])).toEqual([[address, 'Target']]);
  expect((await backend(request, { op: 'groupsget', group: { name: 'by support' } })).groups).toEqual([]);
  await context.close();

  // The refusals are in the audit log.
  const admin = await asOperator(browser, ADMIN);
  await admin.page.goto(`/audit?operator=${encodeURIComponent(SUPPORT.email)}&action=authz.denied`);
  await expect(admin.page.getByRole('row').filter({ hasText: 'user.delete' })).toBeVisible();
  await expect(admin.page.getByRole('row').filter({ hasText: 'operator.create' })).toBeVisible();
  await admin.page.goto('/operators');
  await expect(admin.page.getByRole('row').filter({ hasText: 'evil@example.com' })).toHaveCount(0);
  await admin.context.close();
});

test('viewer: read only everywhere, refused on the server', async ({ browser, request }) => {
  const address = `viewer-target-${Date.now()}`;
  await backend(request, { op: 'useradd', user: { address, token: { appid: 'web' } } });
  const { context, page } = await asOperator(browser, VIEWER);
  await page.goto(`/users/${address}`);
  await expect(page.getByRole('button', { name: 'Generate token' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Remove token/ })).toHaveCount(0);
  await expect(page.getByRole('switch', { name: 'Active' })).toBeDisabled();
  await page.goto('/messages');
  await expect(page.getByRole('button', { name: 'Send message' })).toHaveCount(0);
  await page.goto('/groups');
  await expect(page.getByRole('button', { name: 'New group' })).toHaveCount(0);
  // Group settings are shown, visibly not editable, with the reason.
  const gid = (await backend(request, { op: 'groupadd', group: { name: 'viewer sees', flags: 0x1 } })).group.gid;
  await page.goto(`/groups/${gid}`);
  await expect(page.getByLabel('Who can send')).toBeDisabled();
  await expect(page.getByLabel('Who can send')).toHaveValue('selected');
  await expect(page.getByLabel('Do not store messages')).toBeDisabled();
  await expect(page.getByText('Only operators and admins can change group settings.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await callActionDirectly(context, E2E_BASE_URL, 'app/(console)/apps/[app]/users/actions.ts', 'removeTokenAction', [
    { app: 1, address, appid: 'web' },
  ]);
  await callActionDirectly(context, E2E_BASE_URL, 'app/(console)/apps/[app]/users/actions.ts', 'generateTokenAction', [
    { app: 1, address, appid: 'ios' },
  ]);
  await callActionDirectly(context, E2E_BASE_URL, 'app/(console)/apps/[app]/messages/actions.ts', 'sendMessageAction', [
    { app: 1, from: address, to: address, message: 'x' },
  ]);
  const user = (await backend(request, { op: 'usersget', user: { address } })).users[0];
  expect(user.tokens.map((t: { appid: string }) => t.appid)).toEqual(['web']);
  expect((await backend(request, { op: 'messagesget', message: { from: address } })).messages).toEqual([]);
  await context.close();
});

test('disabling an operator or changing its role ends its session at once', async ({ browser }) => {
  const { context, page } = await asOperator(browser, SUPPORT);
  const admin = await asOperator(browser, ADMIN);
  await admin.page.goto('/operators');
  const row = admin.page.getByRole('row').filter({ hasText: SUPPORT.email });
  await row.getByLabel(`Role of ${SUPPORT.email}`).selectOption('viewer');
  // Choosing only asks; Cancel changes nothing, and the session lives on.
  const confirm = admin.page.getByRole('dialog', { name: 'Change role' });
  await expect(confirm).toContainText('Their sessions end now');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(row.getByLabel(`Role of ${SUPPORT.email}`)).toHaveValue('support');
  await page.goto('/users');
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await row.getByLabel(`Role of ${SUPPORT.email}`).selectOption('viewer');
  await confirm.getByRole('button', { name: 'Change role' }).click();
  await expect(admin.page.getByText(`${SUPPORT.email} is now viewer`)).toBeVisible();
  await expect(row.getByLabel(`Role of ${SUPPORT.email}`)).toHaveValue('viewer');
  await page.goto('/users');
  await expect(page).toHaveURL(/\/login/);
  await admin.context.close();
  await context.close();
});

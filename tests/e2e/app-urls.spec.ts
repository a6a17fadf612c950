import { expect, test } from '@playwright/test';
import { ADMIN, E2E_BASE_URL } from '../../playwright.config';
import { postJson } from '../helpers/http';
import { backend, callActionDirectly, remoteApp, signIn, switchApp } from './helpers';

/**
 * Issue 11: every page belongs to an app. URLs carry it, old URLs land on the default app,
 * "App" switches between apps (bundled and remote) on the same kind of page, each app's
 * environment shows on its pages, and a Production app asks for typed names.
 */
const call = (token: string, body: Record<string, unknown>) =>
  postJson(`${E2E_BASE_URL}/backend`, { token, ...body }).then((r) => r.json);

test.beforeEach(async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
});

test('old URLs land on the same page of the default app; the URL names the app', async ({ page }) => {
  const address = `urls-old-${Date.now()}@example.com`;
  await backend(page.request, { op: 'useradd', user: { address, name: 'Old Link' } });
  await page.goto('/');
  await expect(page).toHaveURL(/\/apps\/1$/);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await page.goto(`/users?q=${encodeURIComponent(address)}`);
  await expect(page).toHaveURL(`/apps/1/users?q=${encodeURIComponent(address)}`);
  await expect(page.getByRole('link', { name: address })).toBeVisible();
  await page.goto(`/users/${encodeURIComponent(address)}`);
  await expect(page).toHaveURL(`/apps/1/users/${encodeURIComponent(address)}`);
  await expect(page.getByRole('heading', { name: address, level: 1 })).toBeVisible();
  await page.goto('/groups');
  await expect(page).toHaveURL('/apps/1/groups');
  await page.goto('/messages?from=nobody');
  await expect(page).toHaveURL('/apps/1/messages?from=nobody');
  // A real redirect, not a page that happens to navigate: bookmarks and scripts follow it too.
  const r = await page.request.get('/users/x%40y', { maxRedirects: 0 });
  expect(r.status()).toBe(307);
  expect(r.headers().location).toBe('/apps/1/users/x%40y');
  // An app id that is not one: the 404 page.
  await page.goto('/apps/not-an-app/users');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('App switches to a remote app and shows its users, on the same kind of page, its environment on every page', async ({
  page,
}) => {
  const remote = await remoteApp(page, `${E2E_BASE_URL}/backend`, 'Production');
  const address = `urls-remote-user-${remote.tag}`;
  expect((await call(remote.token, { op: 'useradd', user: { address, name: 'Remote User' } })).result).toBe(true);
  // An app's settings lead to its pages too.
  await page.goto(`/apps/${remote.id}/settings`);
  await page.getByRole('link', { name: 'Open its pages' }).click();
  await expect(page).toHaveURL(`/apps/${remote.id}`);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await page.goto('/apps/1/users');
  await expect(page.getByText('Development', { exact: true }).first()).toBeVisible();
  await switchApp(page, `${remote.name} · Production`);
  await expect(page).toHaveURL(`/apps/${remote.id}/users`);
  await expect(page.getByRole('link', { name: address })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Groups' })).toHaveAttribute('href', `/apps/${remote.id}/groups`);
  for (const section of ['', '/users', '/groups', '/messages', `/users/${address}`]) {
    await page.goto(`/apps/${remote.id}${section}`);
    await expect(page.getByText('Production', { exact: true }).first(), section).toBeVisible();
    await expect(page.getByText(`Remote app ${remote.id}`), section).toBeVisible();
  }
  // From a user's page, switching goes to the other app's users (that user may not be there).
  await switchApp(page, 'default · Development');
  await expect(page).toHaveURL('/apps/1/users');
  await expect(page.getByRole('link', { name: address })).toHaveCount(0);
});

test('a Production app asks for the group name and the address; a Development app does not', async ({
  page,
  context,
}) => {
  const remote = await remoteApp(page, `${E2E_BASE_URL}/backend`, 'Production');
  const address = `urls-prod-${remote.tag}`;
  await call(remote.token, { op: 'useradd', user: { address, token: { appid: 'web' } } });
  const gid = (await call(remote.token, { op: 'groupadd', group: { name: `Prod team ${remote.tag}` } })).group.gid;

  // Remove token: the address typed.
  await page.goto(`/apps/${remote.id}/users/${address}`);
  await page.getByRole('button', { name: 'Remove token web' }).click();
  let dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: 'Remove token' })).toBeDisabled();
  await dialog.getByLabel('Type the address to confirm').fill(address);
  await dialog.getByRole('button', { name: 'Remove token' }).click();
  await expect(page.getByText('No access tokens.')).toBeVisible();

  // The server asks too: the same action called directly without the name is refused.
  const direct = await callActionDirectly(
    context,
    E2E_BASE_URL,
    'app/(console)/apps/[app]/groups/actions.ts',
    'deleteGroupAction',
    [{ app: remote.id, gid }],
  );
  expect(direct.body).toContain('This is a Production app');
  expect(
    (await call(remote.token, { op: 'groupsget', group: { name: `Prod team ${remote.tag}` } })).groups,
  ).toHaveLength(1);

  // Delete group: the group's name typed.
  await page.goto(`/apps/${remote.id}/groups/${gid}`);
  await page.getByRole('button', { name: 'Delete group' }).click();
  dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: 'Delete group' })).toBeDisabled();
  await dialog.getByLabel("Type the group's name to confirm").fill(`Prod team ${remote.tag}`);
  await dialog.getByRole('button', { name: 'Delete group' }).click();
  await expect(page).toHaveURL(`/apps/${remote.id}/groups`);

  // Development (the default app): a plain confirmation.
  const devGid = (await backend(page.request, { op: 'groupadd', group: { name: `Dev team ${remote.tag}` } })).group.gid;
  await page.goto(`/apps/1/groups/${devGid}`);
  await page.getByRole('button', { name: 'Delete group' }).click();
  dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('textbox')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Delete group' }).click();
  await expect(page).toHaveURL('/apps/1/groups');
});

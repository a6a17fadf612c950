import { expect, test } from '@playwright/test';
import { ADMIN, CLOUD_BACKEND_URL } from '../../playwright.config';
import { postJson } from '../helpers/http';
import { remoteApp, signIn } from './helpers';

/**
 * Issue 12 (first slice): an app on a backend that cannot list users (a stand-in for mesibo's
 * cloud: this server's Backend API behind a wrapper answering usersget and the other listing
 * ops with BADOP). Its users come from the console's own directory, written by every change
 * made here; nothing fails because usersget is missing.
 */
test('users on a cloud-like backend: created, found by prefix, tokens regenerated and removed, deleted', async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const cloud = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Development');
  const real = (body: Record<string, unknown>) =>
    postJson(`${new URL(page.url()).origin}/backend`, { token: cloud.token, ...body }).then((r) => r.json);
  const address = `cloud-ann-${cloud.tag}@example.com`;

  await page.goto(`/apps/${cloud.id}/users`);
  await expect(page.getByTestId('list-source')).toContainText('Users known to this console');
  await expect(page.getByText('No users yet')).toBeVisible();

  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByLabel('Address').fill(address);
  await page.getByLabel('Name').fill('Cloud Ann');
  await page.getByLabel('App ID').fill('com.example.cloud');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByLabel('Access token')).toHaveValue(/^[a-z0-9]{40,}$/);
  await page.getByRole('button', { name: 'Copy' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  // The backend has it (through the stand-in), and so does the directory.
  expect((await real({ op: 'usersget', user: { address } })).users[0]).toMatchObject({ name: 'Cloud Ann' });

  await page.getByLabel('Search users').fill(address.slice(0, 12));
  const row = page.getByRole('row').filter({ hasText: address });
  await expect(row).toContainText('com.example.cloud');
  await page.getByRole('link', { name: address }).click();
  await expect(page.getByRole('heading', { name: address })).toBeVisible();

  // Regenerate (the same App ID: asks first), then remove.
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByLabel('App ID').fill('com.example.cloud');
  await page.getByRole('dialog').getByRole('button', { name: 'Generate token' }).click();
  await page.getByRole('dialog', { name: 'Replace token' }).getByRole('button', { name: 'Replace token' }).click();
  await expect(page.getByLabel('Access token')).toHaveValue(/^[a-z0-9]{40,}$/);
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Access token')).toBeHidden();
  await page.getByRole('button', { name: 'Remove token com.example.cloud' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove token' }).click();
  await expect(page.getByText('No access tokens.')).toBeVisible();
  expect((await real({ op: 'usersget', user: { address } })).users[0].tokens).toEqual([]);

  // Deactivate and delete: the directory follows.
  await page.getByRole('switch', { name: 'Active' }).click();
  await page.getByRole('dialog', { name: 'Deactivate user' }).getByRole('button', { name: 'Deactivate user' }).click();
  await expect(page.getByRole('switch', { name: 'Active' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Delete user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Type the address to confirm').fill(address);
  await dialog.getByRole('button', { name: 'Delete user' }).click();
  await expect(page).toHaveURL(`/apps/${cloud.id}/users`);
  await expect(page.getByRole('link', { name: address })).toHaveCount(0);
  expect((await real({ op: 'usersget', user: { address } })).users).toEqual([]);
  // The console learned once that usersget is missing and never failed a page because of it.
  const seen: string[] = await (await page.request.get(`${CLOUD_BACKEND_URL}/__seen`)).json();
  expect(seen.filter((op) => op === 'usersget').length).toBeLessThanOrEqual(2);
});

import { expect, test } from '@playwright/test';
import { ADMIN } from '../../playwright.config';
import { backend, signIn } from './helpers';

test.beforeEach(async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
});

test('create a user with a token, find it by prefix, edit, regenerate and remove tokens, delete', async ({
  page,
  request,
}) => {
  const address = `e2e-user-${Date.now()}@example.com`;
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByLabel('Address').fill(address);
  await page.getByLabel('Name').fill('E2E Person');
  await page.getByLabel('App ID').fill('com.example.e2e');
  await page.getByLabel('Token expiry').selectOption({ label: '1 hour' });
  await page.getByRole('button', { name: 'Create user' }).click();
  const tokenField = page.getByLabel('Access token');
  await expect(tokenField).toHaveValue(/^[a-z0-9]{40,}$/);
  const token = await tokenField.inputValue();
  await expect(page.getByText('this token will not be shown again')).toBeVisible();
  await page.getByRole('button', { name: 'Copy' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(tokenField).toBeHidden();
  // The token was really issued, and never appears again in the console.
  const listed = await backend(request, { op: 'usersget', user: { address } });
  expect(listed.users[0].tokens).toEqual([expect.objectContaining({ appid: 'com.example.e2e' })]);
  expect(Math.abs(listed.users[0].tokens[0].expires - (Date.now() / 1000 + 3600))).toBeLessThan(120); // 1 hour

  await page.getByLabel('Search users').fill(address.slice(0, 14));
  await expect(page).toHaveURL(/q=e2e-user-/);
  const row = page.getByRole('row').filter({ hasText: address });
  await expect(row).toContainText('com.example.e2e');
  await expect(row).toContainText('Active');
  await page.reload(); // the URL keeps the search
  await expect(page.getByRole('row').filter({ hasText: address })).toBeVisible();
  await page.getByRole('link', { name: address }).click();

  await expect(page.getByRole('heading', { name: address })).toBeVisible();
  await expect(page.content()).resolves.not.toContain(token);
  await page.getByLabel('Name').fill('Renamed Person');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved')).toBeVisible();
  // Active saves by itself; turning it off asks first, and Cancel changes nothing.
  await page.getByRole('switch', { name: 'Active' }).click();
  const deactivate = page.getByRole('dialog', { name: 'Deactivate user' });
  await expect(deactivate).toContainText('can no longer send messages');
  await deactivate.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('switch', { name: 'Active' })).toBeChecked();
  await page.getByRole('switch', { name: 'Active' }).click();
  await deactivate.getByRole('button', { name: 'Deactivate user' }).click();
  await expect(page.getByRole('switch', { name: 'Active' })).not.toBeChecked();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Inactive');
  const afterSave = await backend(request, { op: 'usersget', user: { address } });
  expect(afterSave.users[0]).toMatchObject({ name: 'Renamed Person', active: false });
  await page.getByRole('switch', { name: 'Active' }).click(); // on again: at once, no question
  await expect
    .poll(async () => (await backend(request, { op: 'usersget', user: { address } })).users[0].active)
    .toBe(true);
  await page.getByRole('switch', { name: 'Active' }).click();
  await deactivate.getByRole('button', { name: 'Deactivate user' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Inactive');

  await page.getByRole('button', { name: 'Generate token' }).click();
  // The App ID field suggests the App IDs the user has; choosing one that has a token asks first.
  await expect(page.locator('datalist option[value="com.example.e2e"]')).toHaveCount(1);
  await page.getByLabel('App ID').fill('com.example.e2e');
  await page.getByRole('dialog').getByRole('button', { name: 'Generate token' }).click();
  const replace = page.getByRole('dialog', { name: 'Replace token' });
  await expect(replace).toContainText('App ID com.example.e2e already has a token');
  await replace.getByRole('button', { name: 'Replace token' }).click();
  await expect(page.getByLabel('Access token')).toHaveValue(/^[a-z0-9]{40,}$/);
  expect(await page.getByLabel('Access token').inputValue()).not.toBe(token);
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Access token')).toBeHidden();

  await page.getByRole('button', { name: 'Remove token com.example.e2e' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove token' }).click();
  await expect(page.getByText('No access tokens.')).toBeVisible();

  await page.getByRole('button', { name: 'Delete user' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: 'Delete user' })).toBeDisabled();
  await dialog.getByLabel('Type the address to confirm').fill(address);
  await dialog.getByRole('button', { name: 'Delete user' }).click();
  await expect(page).toHaveURL(/\/users$/);
  expect((await backend(request, { op: 'usersget', user: { address } })).users).toEqual([]);
});

test('New user refuses an existing address and bad input, next to the field', async ({ page, request }) => {
  await backend(request, { op: 'useradd', user: { address: 'e2e-existing' } });
  await page.goto('/users');
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByLabel('Address').fill('e2e-existing');
  await page.getByRole('button', { name: 'Create user' }).click();
  // On the field, in the console's words, with a link to the user it names.
  await expect(page.getByLabel('Address')).toHaveAccessibleDescription(
    /^"e2e-existing" is already a user\. Open e2e-existing/,
  );
  await expect(page.getByRole('dialog').getByRole('link', { name: 'Open e2e-existing' })).toHaveAttribute(
    'href',
    '/apps/1/users/e2e-existing',
  );
  await page.getByLabel('Address').fill('x'.repeat(63));
  await page.getByLabel('App ID').fill('web');
  await page.getByLabel('Token expiry').selectOption({ label: 'Until a date' });
  await page.getByLabel('Expires on').fill('2300-01-01'); // beyond the 100-year maximum
  await page.getByRole('button', { name: 'Create user' }).click();
  expect(await page.getByLabel('Expires on').evaluate((el: HTMLInputElement) => el.validity.rangeOverflow)).toBe(true);
  await expect(page.getByRole('dialog', { name: 'New user' })).toBeVisible();
  await expect(page.getByLabel('Address')).toHaveValue('x'.repeat(63));
  expect((await backend(request, { op: 'usersget', user: { address: 'x'.repeat(63) } })).users).toEqual([]);
});

test('keyset paging with Next page and Previous page', async ({ page, request }) => {
  for (let i = 0; i < 30; i++)
    await backend(request, { op: 'useradd', user: { address: `e2e-page-${String(i).padStart(2, '0')}` } });
  // Newest first: the last one made leads; the count is of all pages, and stays on the next one.
  await page.goto('/users?q=e2e-page-');
  await expect(page.getByRole('row').filter({ hasText: 'e2e-page-29' })).toBeVisible();
  await expect(page.getByTestId('list-count')).toHaveText('30 matches');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'e2e-page-00' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'e2e-page-29' })).toBeHidden();
  await expect(page.getByTestId('list-count')).toHaveText('30 matches');
  await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'e2e-page-29' })).toBeVisible();
  // Oldest first, from the Sort choice: kept in the URL.
  await page.getByLabel('Sort').selectOption('Oldest first');
  await expect(page).toHaveURL(/sort=created/);
  await expect(page.getByRole('row').nth(1)).toContainText('e2e-page-00');
});

test('keyboard: the first Tab offers Skip to content, and a user is found and opened without a mouse', async ({
  page,
}) => {
  await page.goto('/users');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  const address = `kbd-${Date.now()}`;
  await page.getByRole('button', { name: 'New user' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.type(address); // the dialog focuses its first field, Address
  await page.getByLabel('Name').focus();
  await page.keyboard.press('Enter'); // Enter submits the form
  await expect(page.getByRole('dialog', { name: 'User created' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.getByLabel('Search users').focus();
  await page.keyboard.type(address);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`q=${address}`));
  // The list shown before the search may still be replaced by its results: a link focused in
  // it then is gone, and Enter with it. Focus the one on screen and press Enter until it opens.
  await expect(async () => {
    await page.getByRole('link', { name: address }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: address })).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 20_000 });
});

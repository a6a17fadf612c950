import { expect, type Page, test } from '@playwright/test';
import { ADMIN, CLOUD_BACKEND_URL } from '../../playwright.config';
import { backend, createOperator, remoteApp, signIn } from './helpers';

/**
 * Issue 27: acting on many users at once. Every user a search matches (beyond the page on
 * screen), or a selection; the confirmation states the exact count; up to 100 end at once with
 * the outcome said exactly, more run as a job on its page; each change in the audit log.
 */
async function seed(
  request: Parameters<typeof backend>[0],
  prefix: string,
  count: number,
  token?: (i: number) => boolean,
) {
  for (let i = 0; i < count; i++) {
    const address = `${prefix}.${String(i).padStart(3, '0')}@example.org`;
    await backend(request, { op: 'useradd', user: { address, ...(token?.(i) ? { token: { appid: 'web' } } : {}) } });
  }
}

async function search(page: Page, q: string) {
  await page.goto(`/apps/1/users?q=${encodeURIComponent(q)}`);
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row').nth(1)).toBeVisible();
}

test('every user a search matches, deactivated at once; a token removed from a selection; each in the audit log', async ({
  page,
  request,
}) => {
  const tag = `bulk${Date.now()}`;
  await seed(request, tag, 30, (i) => i >= 28); // newest first: 029 and 028 on the first page, with a token
  await signIn(page, ADMIN.email, ADMIN.password);
  await search(page, tag);
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users.getByRole('row')).toHaveCount(26); // 25 of 30, and the header

  // The page ticked, then all 30 the search matches.
  await users.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
  const bar = page.getByRole('region', { name: 'Selection' });
  await expect(bar).toContainText('25 selected');
  await bar.getByRole('button', { name: 'Select all matching this search' }).click();
  await expect(bar).toContainText(`All 30 users matching “${tag}” selected`);
  await bar.getByRole('button', { name: 'Deactivate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deactivate users' });
  await expect(dialog).toContainText('Deactivate 30 users: they can no longer connect');
  await dialog.getByRole('button', { name: 'Deactivate 30 users' }).click();
  await expect(page.getByText('30 of 30 users deactivated')).toBeVisible();
  await expect(bar).not.toContainText('selected');
  await expect(users.getByRole('row').filter({ hasText: 'Inactive' })).toHaveCount(25);
  const one = `${tag}.029@example.org`;
  expect((await backend(request, { op: 'usersget', user: { address: one } })).users[0].active).toBe(false);

  // A token for one App ID removed from three users: the one without it is skipped, and said so.
  for (const i of ['027', '028', '029'])
    await users.getByRole('checkbox', { name: `Select ${tag}.${i}@example.org` }).check();
  await bar.getByRole('button', { name: 'Remove token…' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove a token from users' });
  await remove.getByRole('button', { name: 'Continue' }).click();
  await expect(remove.getByLabel('App ID')).toHaveAccessibleDescription(/Enter an App ID/);
  await remove.getByLabel('App ID').fill('web');
  await remove.getByRole('button', { name: 'Continue' }).click();
  await expect(remove).toContainText('Remove the token for App ID web from 3 users');
  await remove.getByRole('button', { name: 'Remove the token from 3 users' }).click();
  await expect(page.getByText('2 of 3 users had the token removed; 1 skipped')).toBeVisible();
  expect(
    (await backend(request, { op: 'usersget', user: { address: `${tag}.029@example.org` } })).users[0].tokens ?? [],
  ).toEqual([]);

  // The audit log: the user's own entry says what changed, and names the job.
  await page.goto(`/audit?app=1&target=${encodeURIComponent(one)}`);
  const log = page.getByRole('table', { name: 'Audit log, newest first' });
  await expect(log.getByRole('row').filter({ hasText: 'user.update' })).toContainText('active: true → false');
  await expect(log.getByRole('row').filter({ hasText: 'user.update' })).toContainText(/job \d+/);
  await page.goto(`/audit?app=1&target=${encodeURIComponent(`${tag}.028@example.org`)}&action=token.remove`);
  await expect(log.getByRole('row').nth(1)).toContainText(/token web: "expires .*" → \(none\)/);
});

test('more than 100 users run as a job: its page shows the progress, the outcome and each row', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const tag = `bulkjob${Date.now()}`;
  await seed(request, tag, 120);
  await signIn(page, ADMIN.email, ADMIN.password);
  await search(page, tag);
  await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
  const bar = page.getByRole('region', { name: 'Selection' });
  await bar.getByRole('button', { name: 'Select all matching this search' }).click();
  await bar.getByRole('button', { name: 'Deactivate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deactivate users' });
  await expect(dialog).toContainText('It runs as a job');
  await dialog.getByRole('button', { name: 'Deactivate 120 users' }).click();
  await page.waitForURL(/\/jobs\/\d+$/);
  await expect(page.getByRole('heading', { name: /Deactivate users · job \d+/ })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Done' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('120 of 120 rows · 120 ok, 0 skipped, 0 failed')).toBeVisible();
  // Each row's outcome, in the order the list showed them (newest first).
  const first = page.getByRole('table', { name: 'Rows' }).getByRole('row').nth(1);
  await expect(first).toContainText(`${tag}.119@example.org`);
  await expect(first).toContainText('Deactivated.');
  // The job's end in the audit log, exactly.
  await page.goto('/audit?app=1&action=users.bulk.end');
  await expect(page.getByRole('row').filter({ hasText: 'Done: 120 of 120 deactivated.' }).first()).toBeVisible();
});

test('support may deactivate and remove tokens in bulk, never delete or add to a group; a Production-like Delete asks for the count', async ({
  page,
  browser,
  request,
}) => {
  const tag = `bulksup${Date.now()}`;
  await seed(request, tag, 3);
  await signIn(page, ADMIN.email, ADMIN.password);
  const who = `support.${tag}@example.com`;
  await createOperator(page, { email: who, password: `Pw-${tag}-long-enough` }, 'support');

  // The admin deletes two: the count typed first.
  await search(page, tag);
  const users = page.getByRole('table', { name: 'Users' });
  for (const i of ['000', '001']) await users.getByRole('checkbox', { name: `Select ${tag}.${i}@example.org` }).check();
  const bar = page.getByRole('region', { name: 'Selection' });
  await bar.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete users' });
  await expect(dialog).toContainText('This cannot be undone');
  const submit = dialog.getByRole('button', { name: 'Delete 2 users' });
  await expect(submit).toBeDisabled();
  await dialog.getByLabel('Type the number of users to confirm').fill('2');
  await submit.click();
  await expect(page.getByText('2 of 2 users deleted')).toBeVisible();
  expect((await backend(request, { op: 'usersget', user: { address: `${tag}.000@example.org` } })).users).toEqual([]);

  const context = await browser.newContext();
  const support = await context.newPage();
  await signIn(support, who, `Pw-${tag}-long-enough`);
  await search(support, tag);
  await support.getByRole('checkbox', { name: `Select ${tag}.002@example.org` }).check();
  const theirs = support.getByRole('region', { name: 'Selection' });
  await expect(theirs.getByRole('button', { name: 'Deactivate' })).toBeVisible();
  await expect(theirs.getByRole('button', { name: 'Remove token…' })).toBeVisible();
  await expect(theirs.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expect(theirs.getByRole('button', { name: 'Add to group…' })).toHaveCount(0);
  await context.close();
});

test('on a cloud-like Production app (its users in the directory): the count typed, the before from the directory, said so', async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const { id } = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Production');
  const tag = `bulkcloud${Date.now()}`;
  await page.goto(`/apps/${id}/users`);
  for (const n of [1, 2, 3]) {
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByLabel('Address').fill(`${tag}.${n}@example.org`);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('dialog', { name: 'User created' }).getByRole('button', { name: 'Done' }).click();
  }
  await page.goto(`/apps/${id}/users?q=${tag}`);
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users.getByRole('row')).toHaveCount(4);
  await users.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
  const bar = page.getByRole('region', { name: 'Selection' });
  await bar.getByRole('button', { name: 'Deactivate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deactivate users' });
  const submit = dialog.getByRole('button', { name: 'Deactivate 3 users' });
  await expect(submit).toBeDisabled(); // Production: the count typed first
  await dialog.getByLabel('Type the number of users to confirm').fill('3');
  await submit.click();
  await expect(page.getByText('3 of 3 users deactivated')).toBeVisible();
  await expect(users.getByRole('row').filter({ hasText: 'Inactive' })).toHaveCount(3);
  await page.goto(`/audit?app=${id}&target=${encodeURIComponent(`${tag}.2@example.org`)}&action=user.update`);
  const entry = page.getByRole('table', { name: 'Audit log, newest first' }).getByRole('row').nth(1);
  await expect(entry).toContainText('active: true → false');
  await expect(entry).toContainText("(before: as this console's directory knew it)");
});

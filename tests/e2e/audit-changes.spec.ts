import fs from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { ADMIN, CLOUD_BACKEND_URL } from '../../playwright.config';
import { backend, createOperator, remoteApp, signIn } from './helpers';

/**
 * Issue 26: the audit log says what a change changed, field by field ("active: true → false",
 * `name: "A" → "B"`), in the entry and in its CSV; on a directory app, that the value before is
 * the directory's.
 */
test.beforeEach(async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
});

/** On a user's page: renames the user, then turns Active off (it asks first). */
async function renameThenDeactivate(page: Page, name: string) {
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved')).toBeVisible();
  await page.getByRole('switch', { name: 'Active' }).click();
  await page.getByRole('dialog', { name: 'Deactivate user' }).getByRole('button', { name: 'Deactivate user' }).click();
  // The switch turns at once; the change is done (and audited) when the console says so.
  await expect(page.getByText(/ deactivated$/)).toBeVisible();
  await expect(page.getByRole('switch', { name: 'Active' })).not.toBeChecked();
}

test('renaming and deactivating a user: the audit log and its CSV say what changed', async ({ page, request }) => {
  const address = `changes-${Date.now()}@example.org`;
  await backend(request, { op: 'useradd', user: { address, name: 'Ann Old' } });
  await page.goto(`/apps/1/users/${encodeURIComponent(address)}`);
  await renameThenDeactivate(page, 'Ann New');

  await page.goto('/audit?action=user.update');
  const entries = page
    .getByRole('table', { name: 'Audit log, newest first' })
    .getByRole('row')
    .filter({ hasText: address });
  await expect(entries.first()).toContainText('active: true → false');
  await expect(entries.nth(1)).toContainText('name: "Ann Old" → "Ann New"');
  await expect(entries.first()).not.toContainText('directory');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const text = fs.readFileSync((await (await download).path()) ?? '', 'utf8');
  const lines = text.split('\r\n').filter((l) => l.includes(address));
  expect(lines[0]).toContain(',active: true → false,');
  expect(lines[1]).toContain(',"name: ""Ann Old"" → ""Ann New""",');
});

test("on a directory app the value before is the directory's, and the entry says so", async ({ page }) => {
  const { id } = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Development');
  const address = `changes-cloud-${Date.now()}@example.org`;
  await page.goto(`/apps/${id}/users`);
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByLabel('Address').fill(address);
  await page.getByLabel('Name').fill('Cloud Old');
  await page.getByRole('button', { name: 'Create user' }).click();
  await page.getByRole('dialog', { name: 'User created' }).getByRole('button', { name: 'Done' }).click();
  await page.goto(`/apps/${id}/users/${encodeURIComponent(address)}`);
  await renameThenDeactivate(page, 'Cloud New');

  await page.goto(`/audit?action=user.update&app=${id}`);
  const entries = page
    .getByRole('table', { name: 'Audit log, newest first' })
    .getByRole('row')
    .filter({ hasText: address });
  await expect(entries.first()).toContainText('active: true → false');
  await expect(entries.first()).toContainText("(before: as this console's directory knew it)");
  await expect(entries.nth(1)).toContainText('name: "Cloud Old" → "Cloud New"');
});

test('a group renamed and its settings changed, a token issued and removed, an operator role changed: each says what', async ({
  page,
  request,
}) => {
  const tag = `c${Date.now()}`;
  const crew = await backend(request, { op: 'groupadd', group: { name: `Crew ${tag}` } });
  const gid = crew.group.gid;
  await page.goto(`/apps/1/groups/${gid}`);
  await page.getByLabel('Name').fill(`Night crew ${tag}`);
  await page.getByLabel('Who can send').selectOption({ label: 'Anyone, including non-members' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: `Night crew ${tag} · group ${gid}` })).toBeVisible();

  const address = `token-${tag}@example.org`;
  await backend(request, { op: 'useradd', user: { address } });
  await page.goto(`/apps/1/users/${encodeURIComponent(address)}`);
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByLabel('App ID').fill('web');
  await page.getByRole('dialog').getByRole('button', { name: 'Generate token' }).click();
  await expect(page.getByLabel('Access token')).toHaveValue(/^[a-z0-9]{40,}$/);
  const token = await page.getByLabel('Access token').inputValue();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Remove token web' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove token' }).click();
  await expect(page.getByText('No access tokens.')).toBeVisible();

  const who = `changes-${tag}@example.com`;
  await createOperator(page, { email: who, password: `Pw-${tag}-long-enough` });
  const row = page.getByRole('row').filter({ hasText: who });
  await row.getByLabel(`Role of ${who}`).selectOption('viewer');
  await page.getByRole('dialog', { name: 'Change role' }).getByRole('button', { name: 'Change role' }).click();
  await expect(row.getByLabel(`Role of ${who}`)).toHaveValue('viewer');

  const log = page.getByRole('table', { name: 'Audit log, newest first' });
  await page.goto('/audit?action=group.update');
  const group = log
    .getByRole('row')
    .filter({ hasText: String(gid) })
    .first();
  await expect(group).toContainText(`name: "Crew ${tag}" → "Night crew ${tag}"`);
  await expect(group).toContainText('send: "members" → "anyone"');
  await page.goto('/audit?action=token.issue');
  await expect(log.getByRole('row').filter({ hasText: address }).first()).toContainText('token web: (none) → "expires');
  await page.goto('/audit?action=token.remove');
  await expect(log.getByRole('row').filter({ hasText: address }).first()).toContainText(
    /token web: "expires .*" → \(none\)/,
  );
  await page.goto('/audit?action=operator.update');
  await expect(log.getByRole('row').filter({ hasText: who }).first()).toContainText('role: "support" → "viewer"');
  // Never the token itself.
  expect(await page.content()).not.toContain(token);
});

import { expect, type Page, test } from '@playwright/test';
import {
  ADMIN,
  CANARY_APP_TOKEN,
  CLOUD_CONSOLE_URL,
  E2E_BASE_URL,
  SELF_HOSTED_BACKEND_URL,
} from '../../playwright.config';
import { postJson } from '../helpers/http';
import { remoteApp, replaceThenRemoveToken, signIn } from './helpers';

/**
 * Issue 12: the console issue's walkthrough (a user with a token, found by prefix, its token
 * regenerated and removed; a group, members added in bulk, a permission switched; a message
 * to the group found in the log; every change in the audit log) on backends without listing:
 * a console configured only by MESIBO_API_URL and MESIBO_APP_TOKEN for the cloud stand-in,
 * reached by the old URLs; and an app on a self-hosted mesibo (usersget and groupsget, no
 * messagesget or stats), by /apps/<app>/…. `real` reads the data behind the stand-in.
 */
type Real = (body: Record<string, unknown>) => Promise<{ users: unknown[] }>;

async function walkthrough(page: Page, at: (path: string) => string, real: Real, listsUsers: boolean) {
  const tag = `cc${Date.now()}`;
  const [ann, ben] = ['ann', 'ben'].map((n) => `${tag}-${n}`);

  // Users: created with a token (copied), found by prefix, token regenerated and removed.
  await page.goto(at('/users'));
  await expect(page).toHaveURL(/\/apps\/\d+\/users$/);
  const usersUrl = page.url();
  await expect(page.getByTestId('list-source')).toHaveCount(listsUsers ? 0 : 1);
  for (const address of [ann, ben]) {
    await page.getByRole('button', { name: 'New user' }).click();
    await page.getByLabel('Address').fill(address);
    await page.getByLabel('App ID').fill('web');
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect(page.getByLabel('Access token')).toHaveValue(/^[a-z0-9]{40,}$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
  }
  expect((await real({ op: 'usersget', user: { address: `${tag}*` } })).users).toHaveLength(2);
  await page.getByLabel('Search users').fill(tag);
  await expect(page.getByRole('row').filter({ hasText: tag })).toHaveCount(2);
  await page.goto(at(`/users/${ann}`));
  await expect(page).toHaveURL(`${usersUrl}/${ann}`);
  await replaceThenRemoveToken(page, 'web');

  // Groups: created, members added in bulk, a permission switched.
  await page.goto(at('/groups'));
  await page.getByRole('button', { name: 'New group' }).click();
  await page.getByLabel('Name').fill(`Team ${tag}`);
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page).toHaveURL(/\/groups\/\d+$/);
  const gid = Number(page.url().split('/').pop());
  await page.getByLabel('Member addresses').fill(`${ann}\n${ben}`);
  await page.getByRole('button', { name: 'Add members' }).click();
  await expect(page.getByRole('row').filter({ hasText: ben })).toBeVisible();
  await page.getByRole('row').filter({ hasText: ben }).getByRole('switch', { name: 'Can receive' }).uncheck();
  await expect(page.getByText(`Permissions of ${ben} updated`)).toBeVisible();
  await page.goto(at(`/groups/${gid}`));
  await expect(page.getByRole('heading', { name: `Team ${tag} · group ${gid}` })).toBeVisible();

  // Messages: sent to the group, found in the log.
  await page.goto(at('/messages'));
  const send = page.getByRole('form', { name: 'Send message' });
  await send.getByLabel('From').fill(ann);
  await send.getByLabel('Group').fill(String(gid));
  await send.getByLabel('Message').fill(`hello ${tag}`);
  await send.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByText(/Message \d+ sent/)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: `hello ${tag}` })).toContainText(
    new RegExp(`\\(gid ${gid}\\)|group ${gid}`),
  ); // named where the console knows the group

  // Every change in the audit log.
  await page.goto('/audit');
  for (const action of [
    'user.create',
    'token.issue',
    'token.remove',
    'group.create',
    'group.members.add',
    'message.send',
  ])
    await expect(page.getByRole('row').filter({ hasText: action }).first()).toBeVisible();
}

test.describe('a console configured for the cloud stand-in', () => {
  test.use({ baseURL: CLOUD_CONSOLE_URL });
  test('the walkthrough from the old URLs', async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page.getByTestId('counts-source')).toContainText('Counted by this console');
    const real = (body: Record<string, unknown>) =>
      postJson(`${E2E_BASE_URL}/backend`, { token: CANARY_APP_TOKEN, ...body }).then((r) => r.json);
    await walkthrough(page, (path) => path, real, false);
  });
});

test('the walkthrough on a self-hosted mesibo backend (no messagesget, no stats)', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN.email, ADMIN.password);
  const hosted = await remoteApp(page, `${SELF_HOSTED_BACKEND_URL}/backend`, 'Development');
  const real = (body: Record<string, unknown>) =>
    postJson(`${E2E_BASE_URL}/backend`, { token: hosted.token, ...body }).then((r) => r.json);
  await walkthrough(page, (path) => `/apps/${hosted.id}${path}`, real, true);
});

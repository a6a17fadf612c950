import { expect, type Page, test } from '@playwright/test';
import { ADMIN, CLOUD_BACKEND_URL } from '../../playwright.config';
import { backend, remoteApp, signIn } from './helpers';

/**
 * Issue 24: support staff find people by what they know, in any case, by a word of the name, by
 * the uid; newest first; sorted, filtered, counted; an address the directory never saw opens;
 * the case traps of New user and Add members are named before anything is done.
 */
test.beforeEach(async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
});

const rows = (page: Page) => page.getByRole('table', { name: /Users/ }).getByRole('row');

test('a bundled app: any case, a word of the name, the uid; sort, filter, count, all in the URL', async ({
  page,
  request,
}) => {
  const tag = `s${Date.now()}`;
  const maya = await backend(request, {
    op: 'useradd',
    user: { address: `maya.ro.${tag}@example.org`, name: `Maya Rodríguez ${tag}` },
  });
  for (let i = 0; i < 3; i++)
    await backend(request, {
      op: 'useradd',
      user: { address: `maya.ro.${tag}.${i}@example.net`, name: `Filler ${i} ${tag}` },
    });
  await backend(request, {
    op: 'useradd',
    user: { address: `zed.${tag}@example.org`, name: `Zed ${tag}`, active: false },
  });

  await page.goto('/apps/1/users');
  const search = page.getByLabel('Search users');
  await search.fill(`MAYA.ro.${tag.toUpperCase()}@Example.ORG`);
  await expect(rows(page).nth(1)).toContainText(`maya.ro.${tag}@example.org`);
  await expect(page.getByTestId('list-count')).toHaveText('1 match');

  // A word of the name, accents aside; the exact address first among prefixes.
  await search.fill(`rodri`);
  await expect(rows(page).filter({ hasText: `maya.ro.${tag}@example.org` })).toBeVisible();
  await search.fill(String(maya.user.uid));
  await expect(rows(page).nth(1)).toContainText(`maya.ro.${tag}@example.org`);

  // Newest first by default; the order, the filter and the search are kept in the URL.
  await search.fill(`maya.ro.${tag}`);
  await expect(page.getByTestId('list-count')).toHaveText('4 matches');
  await expect(rows(page).nth(1)).toContainText(`maya.ro.${tag}.2@example.net`);
  await page.getByLabel('Sort').selectOption('Address (A–Z)');
  await expect(page).toHaveURL(/sort=address/);
  await expect(rows(page).nth(1)).toContainText(`maya.ro.${tag}.0@example.net`);

  await search.fill(tag); // a word of every one of their names
  await page.getByLabel('Status').selectOption('Inactive');
  await expect(page).toHaveURL(/active=inactive/);
  await expect(page.getByTestId('list-count')).toHaveText('1 match');
  await expect(rows(page).nth(1)).toContainText(`zed.${tag}@example.org`);
  await page.reload();
  await expect(page.getByLabel('Status')).toHaveValue('inactive');
  await expect(page.getByLabel('Search users')).toHaveValue(tag);
  await expect(rows(page).nth(1)).toContainText(`zed.${tag}@example.org`);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByTestId('list-count')).toHaveText('5 matches');
});

test('New user asks before an address that differs from a user only in case', async ({ page, request }) => {
  const tag = `c${Date.now()}`;
  await backend(request, { op: 'useradd', user: { address: `maya.${tag}@example.org` } });
  await page.goto('/apps/1/users');
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByLabel('Address').fill(`Maya.${tag}@Example.org`);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByRole('alert')).toContainText(`maya.${tag}@example.org exists`);
  await expect(dialog.getByRole('link', { name: `Open maya.${tag}@example.org` })).toBeVisible();
  expect((await backend(request, { op: 'usersget', user: { address: `Maya.${tag}@Example.org` } })).users).toEqual([]);
  await dialog.getByLabel('Create it as another user all the same').check();
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('dialog', { name: 'User created' })).toBeVisible();
});

test('Add members names a "did you mean" per unknown address, and adds only the known ones when asked', async ({
  page,
  request,
}) => {
  const tag = `m${Date.now()}`;
  await backend(request, { op: 'useradd', user: { address: `ann.${tag}` } });
  await backend(request, { op: 'useradd', user: { address: `Ben.${tag}` } });
  const { group } = await backend(request, { op: 'groupadd', group: { name: `Search ${tag}` } });
  await page.goto(`/apps/1/groups/${group.gid}`);
  await page.getByLabel('Member addresses').fill(`ann.${tag}\nben.${tag}\nnobody.${tag}`);
  await page.getByRole('button', { name: 'Add members' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing was added' });
  await expect(alert).toContainText(`ben.${tag}: no such user — did you mean Ben.${tag}?`);
  await expect(alert).toContainText(`nobody.${tag}: no such user`);
  await alert.getByRole('button', { name: 'Add the known ones (1)' }).click();
  await expect(page.getByText('1 member added or updated')).toBeVisible();
  await expect(page.getByLabel('Member addresses')).toHaveValue(`ben.${tag}\nnobody.${tag}`);
  const members = await backend(request, { op: 'groupgetmembers', group: { gid: group.gid } });
  expect(members.members.map((m: { address: string }) => m.address)).toEqual([`ann.${tag}`]);
});

test('a directory app: a whole address it never saw opens, in any case it was found', async ({ page }) => {
  const app = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Development');
  const known = `lena.k.${app.tag}@example.com`;
  await page.goto(`/apps/${app.id}/users`);
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByRole('dialog').getByLabel('Address').fill(known);
  await page.getByRole('dialog').getByLabel('Name').fill('Léna Kowalski');
  await page.getByRole('button', { name: 'Create user' }).click();
  await page.getByRole('button', { name: 'Done' }).click();

  await page.getByLabel('Search users').fill('KOWAL');
  await expect(rows(page).nth(1)).toContainText(known);
  await page.getByLabel('Search users').fill(known.toUpperCase());
  await expect(rows(page).nth(1)).toContainText(known);
  await expect(page.getByTestId('not-in-directory')).toBeHidden();

  const stranger = `stranger.${app.tag}@example.com`;
  await page.getByLabel('Search users').fill(stranger);
  await expect(page.getByText(`No users match “${stranger}”`)).toBeVisible();
  await page.getByRole('link', { name: `Open ${stranger}` }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}/users/${encodeURIComponent(stranger)}$`));
  await expect(page.getByRole('heading', { name: "Not in this console's directory" })).toBeVisible();
});

test('groups: words of the name in any case, the gid; Who can send and Delivery; counted', async ({
  page,
  request,
}) => {
  const tag = `g${Date.now()}`;
  const { group: team } = await backend(request, { op: 'groupadd', group: { name: `Équipe ${tag}` } });
  await backend(request, { op: 'groupadd', group: { name: `Desk ${tag}`, flags: 0x2 } });
  await page.goto('/apps/1/groups');
  await page.getByLabel('Search groups').fill(`EQUIPE ${tag.toUpperCase()}`);
  await expect(
    page
      .getByRole('table', { name: /Groups/ })
      .getByRole('row')
      .nth(1),
  ).toContainText(`Équipe ${tag}`);
  await expect(page.getByTestId('list-count')).toHaveText('1 match');
  await page.getByLabel('Search groups').fill(String(team.gid));
  await expect(
    page
      .getByRole('table', { name: /Groups/ })
      .getByRole('row')
      .nth(1),
  ).toContainText(`Équipe ${tag}`);
  await page.getByLabel('Search groups').fill(tag);
  await expect(page.getByTestId('list-count')).toHaveText('2 matches');
  await page.getByLabel('Who can send').selectOption('Anyone, including non-members');
  await expect(page).toHaveURL(/send=anyone/);
  await expect(page.getByTestId('list-count')).toHaveText('1 match');
  await expect(
    page
      .getByRole('table', { name: /Groups/ })
      .getByRole('row')
      .nth(1),
  ).toContainText(`Desk ${tag}`);
});

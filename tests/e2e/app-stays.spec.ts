import { expect, test } from '@playwright/test';
import { ADMIN, E2E_BASE_URL } from '../../playwright.config';
import { appMenu, limitedOperator, remoteApp, signIn, switchApp } from './helpers';

/**
 * Issue 25: console-wide pages keep the app the operator came from; App is a menu button that
 * navigates only on a click or Enter, never on an arrow key; switching keeps a list's search; a
 * limited operator refused on another app's page is shown the way to its own.
 */
test('from a Production app to the Audit log and back, App kept; arrow keys never navigate', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const prod = await remoteApp(page, `${E2E_BASE_URL}/backend`, 'Production');
  const label = `${prod.name} · Production`;
  await page.goto(`/apps/${prod.id}/users`);
  await expect(appMenu(page)).toContainText(label);

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(`/audit?app=${prod.id}`);
  await expect(page.getByLabel('App', { exact: true })).toHaveValue(String(prod.id)); // the filter
  await expect(appMenu(page)).toContainText(label);
  await nav.getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(`/apps/${prod.id}/users`);
  await nav.getByRole('link', { name: 'Operators' }).click();
  await expect(appMenu(page)).toContainText(label);
  await expect(nav.getByRole('link', { name: 'Groups' })).toHaveAttribute('href', `/apps/${prod.id}/groups`);

  // The keyboard: arrows move within the menu, Escape closes it, nothing navigates until Enter.
  await page.goto('/apps/1/users?q=zz-nobody');
  const before = page.url();
  await appMenu(page).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menu', { name: 'Apps' })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  expect(page.url()).toBe(before);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu', { name: 'Apps' })).toBeHidden();
  await expect(appMenu(page)).toBeFocused();
  expect(page.url()).toBe(before);
  // Enter on an app goes there, on the same list, with its search.
  await page.keyboard.press('ArrowDown');
  const item = page.getByRole('menuitem', { name: label, exact: true });
  for (let i = 0; i < 20 && !(await item.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`/apps/${prod.id}/users?q=zz-nobody`);
  await switchApp(page, 'default · Development');
  await expect(page).toHaveURL('/apps/1/users?q=zz-nobody');
});

test("a limited operator on another app's page is shown its own; the audit's actions are only its apps'", async ({
  page,
  browser,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const tag = `a${Date.now()}`;
  const { own: ownId, who } = await limitedOperator(page, `limited-${tag}`, `Pw-${tag}-long-enough`);

  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  const mine = await context.newPage();
  await signIn(mine, who.email, who.password);
  await mine.goto('/apps/1/users');
  await expect(mine.getByRole('heading', { name: 'This app is not among yours' })).toBeVisible();
  await mine.getByRole('link', { name: `Go to limited-${tag}-own` }).click();
  await expect(mine).toHaveURL(`/apps/${ownId}`);
  // Sign-in and operator changes are console-wide entries: not this operator's to see, nor their actions.
  await mine.goto('/audit');
  const actions = await mine.getByLabel('Action').locator('option').allTextContents();
  expect(actions.length).toBeGreaterThan(0);
  expect(actions).not.toContain('operator.create');
  await context.close();
});

import { expect, type Page } from '@playwright/test';
import { TOTP } from 'otpauth';

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  // Wide screens show Sign out in the header; phones keep it behind Menu.
  await expect(
    page.getByRole('button', { name: 'Sign out' }).or(page.getByRole('button', { name: 'Menu' })),
  ).toBeVisible();
}

/** An admin's page creates an app through New app on the Apps page; returns the dialog (a bundled app's token shows there). */
export async function newApp(
  page: Page,
  fields: { name: string; environment: string; kind: 'Bundled' | 'Remote'; url?: string; token?: string },
) {
  await page.goto('/apps');
  await page.getByRole('button', { name: 'New app' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(fields.name);
  await dialog.getByLabel('Environment').selectOption({ label: fields.environment });
  await dialog.getByLabel('Kind').selectOption({ label: fields.kind });
  if (fields.url) await dialog.getByLabel('Backend API URL').fill(fields.url);
  if (fields.token) await dialog.getByLabel('App token').fill(fields.token);
  await dialog.getByRole('button', { name: 'Create app' }).click();
  return dialog;
}

/**
 * A bundled app (for its token) and a remote app reaching it over HTTP at `url` (this server's
 * own /backend, or a stand-in in front of it): a remote backend with real data.
 */
export async function remoteApp(page: Page, url: string, environment: 'Production' | 'Staging' | 'Development') {
  const tag = `${Date.now()}-${Math.floor(Math.random() * 1000)}`;
  const backing = await newApp(page, { name: `backing-${tag}`, environment: 'Development', kind: 'Bundled' });
  const token = await backing.getByLabel('App token').inputValue();
  await backing.getByRole('button', { name: 'Done' }).click();
  const name = `remote-${tag}`;
  const dialog = await newApp(page, { name, environment, kind: 'Remote', url, token });
  const href = await dialog.getByRole('link', { name: `Open the settings of ${name}` }).getAttribute('href');
  const id = Number(/\/apps\/(\d+)\/settings/.exec(href ?? '')?.[1]);
  expect(id).toBeGreaterThan(1);
  await dialog.getByRole('button', { name: 'Done' }).click();
  return { id, name, token, tag };
}

/**
 * On a user's page: Generate token for an App ID that has one (the console asks first, then
 * shows the new token), then Remove token for it, until the page says there are none.
 */
export async function replaceThenRemoveToken(page: Page, appid: string) {
  await page.getByRole('button', { name: 'Generate token' }).click();
  await page.getByLabel('App ID').fill(appid);
  await page.getByRole('dialog').getByRole('button', { name: 'Generate token' }).click();
  await page.getByRole('dialog', { name: 'Replace token' }).getByRole('button', { name: 'Replace token' }).click();
  await expect(page.getByLabel('Access token')).toHaveValue(/^[a-z0-9]{40,}$/);
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('Access token')).toBeHidden();
  await page.getByRole('button', { name: `Remove token ${appid}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove token' }).click();
  await expect(page.getByText('No access tokens.')).toBeVisible();
}

/** Opens the header's Menu where the screen is too narrow to show the navigation. */
export async function openMenuIfNarrow(page: Page) {
  const menu = page.getByRole('button', { name: 'Menu' });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
}

/** An admin's page creates an operator through the Operators page (the way an admin would). */
export async function createOperator(page: Page, who: { email: string; password: string }, role = 'support') {
  await page.goto('/operators');
  await page.getByRole('button', { name: 'New operator' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill(who.email);
  await dialog.getByLabel('Role').selectOption(role);
  await dialog.getByLabel('Password').fill(who.password);
  await dialog.getByRole('button', { name: 'Create operator' }).click();
  await expect(page.getByRole('row').filter({ hasText: who.email })).toBeVisible();
}

export async function signOut(page: Page) {
  await openMenuIfNarrow(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

import fs from 'node:fs';
import type { APIRequestContext, BrowserContext } from '@playwright/test';
import { CANARY_APP_TOKEN } from '../../playwright.config';

/** Calls the bundled Backend API directly (test set-up and checks). */
export async function backend(request: APIRequestContext, body: Record<string, unknown>) {
  const r = await request.post('/backend', { data: { token: CANARY_APP_TOKEN, ...body } });
  return r.json();
}

/** The id of a server action in the production build, by file and exported name. */
export function actionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync('.next/server/server-reference-manifest.json', 'utf8'));
  for (const [id, entry] of Object.entries<{ filename?: string; exportedName?: string }>(manifest.node)) {
    if (entry.filename === file && entry.exportedName === exportedName) return id;
  }
  throw new Error(`no server action ${exportedName} in ${file}`);
}

/**
 * Posts straight to a server action the way the browser would (same origin, the context's
 * cookies), bypassing the UI; returns the HTTP status and raw body.
 */
export async function callActionDirectly(
  context: BrowserContext,
  baseURL: string,
  file: string,
  name: string,
  args: unknown[],
) {
  const response = await context.request.post(`${baseURL}/apps/1`, {
    headers: {
      'Next-Action': actionId(file, name),
      'Content-Type': 'text/plain;charset=UTF-8',
      Origin: baseURL,
      Accept: 'text/x-component',
    },
    data: JSON.stringify(args),
  });
  return { status: response.status(), body: await response.text() };
}

/** An import (Import users, unless `title` says another): the file chosen and checked, the dialog showing its dry run. */
export async function checkFile(page: Page, name: string, csv: string, timeout = 5000, title = 'Import users') {
  await page.getByRole('button', { name: title }).click();
  const dialog = page.getByRole('dialog', { name: title });
  await dialog.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await dialog.getByRole('button', { name: 'Check file' }).click();
  await expect(dialog.getByText('nothing has changed yet')).toBeVisible({ timeout });
  return dialog;
}
/** A total of an import's dry run (Rows, New, Invalid, …). */
export const total = (dialog: ReturnType<Page['getByRole']>, label: string) =>
  dialog
    .getByLabel('Dry run')
    .locator('div')
    .filter({ has: dialog.page().getByText(label, { exact: true }) })
    .locator('dd');

/** The header's App menu button (its name: "App", then the app on screen). */
export const appMenu = (page: Page) => page.getByRole('banner').getByRole('button', { name: /^App\b/ });

/** Switches app through the App menu (a click on the app: arrow keys never navigate). */
export async function switchApp(page: Page, label: string) {
  await openMenuIfNarrow(page);
  await appMenu(page).click();
  await page.getByRole('menuitem', { name: label, exact: true }).click();
}

/** On the Operators page: limits `email` to the apps of these labels (App access, "Only the apps ticked below"). */
export async function limitToApps(page: Page, email: string, labels: string[]) {
  await page.getByRole('button', { name: `App access of ${email}` }).click();
  const access = page.getByRole('dialog');
  await access.getByLabel('Only the apps ticked below').check();
  for (const label of labels) await access.getByLabel(label).check();
  await access.getByRole('button', { name: 'Save app access' }).click();
}

/**
 * A new bundled app `<tag>-own` and an operator limited to it (as an admin, on the Operators
 * page): what a test of a limited operator starts from.
 */
export async function limitedOperator(page: Page, tag: string, password: string) {
  const created = await newApp(page, { name: `${tag}-own`, environment: 'Development', kind: 'Bundled' });
  const href = await created.getByRole('link', { name: `Open the settings of ${tag}-own` }).getAttribute('href');
  const own = Number(/\/apps\/(\d+)\//.exec(href ?? '')?.[1]);
  await created.getByRole('button', { name: 'Done' }).click();
  const who = { email: `${tag}@example.com`, password };
  await createOperator(page, who, 'operator');
  await limitToApps(page, who.email, [`${tag}-own · Development`]);
  await expect(page.getByRole('row').filter({ hasText: who.email })).toContainText(`${tag}-own`);
  return { own, who };
}

/** The app's code `ahead` steps from now (a code of the next step is accepted, and is new). */
export const appCode = (secret: string, ahead = 0) =>
  new TOTP({ secret, digits: 6, period: 30 }).generate({ timestamp: Date.now() + ahead * 30_000 });

/** On the Account page: Turn on two-factor; returns the secret, the code that turned it on and the recovery codes. */
export async function turnOnTwoFactor(page: Page) {
  await page.getByRole('button', { name: 'Turn on two-factor' }).click();
  await expect(page.getByRole('img', { name: /QR code that adds mesibo-admin/ })).toBeVisible();
  const secret = await page.getByLabel('Setup key').inputValue();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Authentication code').fill('000000');
  await page.getByRole('button', { name: 'Turn on two-factor' }).click();
  await expect(page.getByText('That code is not right')).toBeVisible();
  const code = appCode(secret);
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: 'Turn on two-factor' }).click();
  const list = page.getByRole('list', { name: 'Recovery codes' });
  await expect(list.getByRole('listitem')).toHaveCount(10);
  const recovery = await list.getByRole('listitem').allTextContents();
  return { secret, code, recovery };
}

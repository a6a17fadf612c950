import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ADMIN, E2E_BASE_URL, E2E_DATA_DIR, E2E_LOG_FILE } from '../../playwright.config';
import { postJson } from '../helpers/http';
import { createOperator, newApp, signIn } from './helpers';

/**
 * Apps (issue 11, first slice): an admin creates, rotates, tests, disables and deletes apps,
 * bundled and remote, in the browser; a breach is explained with what to do.
 */
const call = (token: string, op = 'stats', localAddress?: string) =>
  postJson(`${E2E_BASE_URL}/backend`, { op, token }, localAddress ? { localAddress } : {}).then((r) => r.json);

test.beforeEach(async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
});

test('a bundled app: created with its token shown once, rotated, tripped by a breach, rotated back, deleted', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const name = `e2e-bundled-${Date.now()}`;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apps' }).click();
  await expect(page.getByRole('heading', { name: 'Apps', level: 1 })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '(default)' })).toContainText('Bundled');

  const dialog = await newApp(page, { name, environment: 'Staging', kind: 'Bundled' });
  const tokenField = dialog.getByLabel('App token');
  await expect(tokenField).toHaveValue(/^[a-z0-9]{64}$/);
  await expect(tokenField).toHaveAttribute('readonly', '');
  await expect(dialog.getByRole('button', { name: 'Copy' })).toBeVisible();
  await expect(dialog.getByRole('note')).toContainText('will not be shown again');
  const first = await tokenField.inputValue();
  expect(await call(first)).toMatchObject({ result: true, stats: { users: 0 } });
  await dialog.getByRole('link', { name: `Open the settings of ${name}` }).click();
  await expect(page.getByRole('heading', { name: new RegExp(name), level: 1 })).toBeVisible();

  // Rotate: the new token shown once, the old one refused at once.
  await page.getByRole('button', { name: 'Rotate app token' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Rotate app token' }).click();
  const second = await page.getByRole('dialog').getByLabel('App token').inputValue();
  expect(second).toMatch(/^[a-z0-9]{64}$/);
  await page.getByRole('button', { name: 'Done' }).click();
  expect(await call(first)).toMatchObject({ result: false, error: 'AUTHFAIL' });
  expect(await call(second)).toMatchObject({ result: true });

  // Six client addresses against a limit of five: the app is disabled, and the page says what to do.
  for (let i = 2; i <= 7; i++) await call(second, 'stats', `127.0.0.${i}`);
  expect(await call(second)).toMatchObject({ result: false, error: 'TOKENBREACH' });
  await page.reload();
  const breach = page.getByRole('region', { name: 'Token breach' });
  await expect(breach.getByRole('alert')).toContainText('This app was disabled');
  await expect(breach.getByRole('alert')).toContainText('Rotate the app token now');
  await expect(breach.getByRole('row').filter({ hasText: '127.0.0.6' })).toBeVisible();
  // The leaked token must not come back: the way out is a new token, not Enable.
  await expect(page.getByRole('button', { name: 'Enable app' })).toHaveCount(0);
  const settings = page.url();
  const appId = Number(/\/apps\/(\d+)\/settings/.exec(settings)?.[1]);
  // Every page of the app says so in red, with the way out; admins see it on every page.
  await page.goto(`/apps/${appId}/users`);
  const banner = page.getByRole('main').getByRole('alert').filter({ hasText: 'is disabled by a token breach' });
  await expect(banner).toBeVisible();
  await page.goto('/jobs');
  await expect(page.getByRole('note', { name: 'Apps disabled by a token breach' })).toContainText(name);
  await page.goto(`/apps/${appId}/users`);
  await banner.getByRole('link', { name: 'Rotate app token' }).click();
  await expect(page).toHaveURL(/\/settings#breach$/);
  await page.getByRole('button', { name: 'Rotate app token' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Rotate app token' }).click();
  const third = await page.getByRole('dialog').getByLabel('App token').inputValue();
  await page.getByRole('button', { name: 'Done' }).click();
  expect(await call(third)).toMatchObject({ result: true });
  await expect(page.getByRole('region', { name: 'State' })).toContainText('Enabled');
  // What leaked is kept after the rotation: Past breaches, and the audit log's entries.
  const past = page.getByRole('region', { name: 'Past breaches' });
  await expect(past).toContainText('token rotated');
  await expect(past.getByRole('list', { name: 'Client addresses of this breach' })).toContainText('127.0.0.6');
  await expect(page.getByRole('note', { name: 'Apps disabled by a token breach' })).toHaveCount(0);
  await page.goto(`/audit?app=${appId}`);
  await expect(page.getByRole('row').filter({ hasText: 'app.breach' })).toContainText('127.0.0.6 (');
  await expect(page.getByRole('row').filter({ hasText: 'After a breach' })).toContainText('app.token.rotate');
  await page.goto(settings);

  // Delete: the name must be typed; the app and its token are gone.
  await page.getByRole('button', { name: 'Delete app' }).click();
  const del = page.getByRole('dialog');
  await expect(del).toContainText('all its data');
  await expect(del.getByRole('button', { name: 'Delete app' })).toBeDisabled();
  await del.getByLabel("Type the app's name to confirm").fill(name);
  await del.getByRole('button', { name: 'Delete app' }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  expect(await call(third)).toMatchObject({ result: false, error: 'AUTHFAIL' });
});

test('a remote app: its token stored sealed, Test connection lists the ops, Production asks for the name', async ({
  page,
}) => {
  // The remote backend here is this server's own /backend, reached over HTTP with a bundled app's token.
  const backing = await newApp(page, {
    name: `e2e-backing-${Date.now()}`,
    environment: 'Development',
    kind: 'Bundled',
  });
  const token = await backing.getByLabel('App token').inputValue();
  await backing.getByRole('button', { name: 'Done' }).click();
  const name = `e2e-remote-${Date.now()}`;
  const dialog = await newApp(page, {
    name,
    environment: 'Production',
    kind: 'Remote',
    url: `${E2E_BASE_URL}/backend`,
    token,
  });
  await expect(dialog).toContainText('stored encrypted');
  await dialog.getByRole('link', { name: `Open the settings of ${name}` }).click();
  await expect(page.getByText(`…${token.slice(-4)}`)).toBeVisible();
  expect(await page.content()).not.toContain(token);

  await page.getByRole('button', { name: 'Test connection' }).click();
  const status = page.getByRole('region', { name: 'Connection' }).getByRole('status');
  await expect(status).toContainText(/Reachable: answered in \d+ ms/);
  await expect(status).toContainText('usersget: offered');

  // Production: disabling needs the app's name typed.
  await page.getByRole('button', { name: 'Disable app' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm.getByRole('button', { name: 'Disable app' })).toBeDisabled();
  await confirm.getByLabel("Type the app's name to confirm").fill(name);
  await confirm.getByRole('button', { name: 'Disable app' }).click();
  await expect(page.getByRole('region', { name: 'State' })).toContainText('Disabled');
  await page.getByRole('button', { name: 'Enable app' }).click();
  await expect(page.getByRole('region', { name: 'State' })).toContainText('Enabled');

  // The token is in no database file and no log line, in plain text.
  for (const f of fs.readdirSync(E2E_DATA_DIR).map((f) => path.join(E2E_DATA_DIR, f)))
    expect(fs.readFileSync(f, 'latin1').includes(token), f).toBe(false);
  expect(fs.readFileSync(E2E_LOG_FILE, 'utf8')).not.toContain(token);
});

test('bad input is named on its field; the default app cannot be deleted; only admins see Apps', async ({
  page,
  browser,
}) => {
  const dialog = await newApp(page, {
    name: 'x',
    environment: 'Staging',
    kind: 'Remote',
    url: 'ftp://example.com/',
    token: 'short',
  });
  await expect(dialog.getByLabel('Backend API URL')).toHaveAccessibleDescription(/http:\/\/ or https:\/\//);
  await expect(dialog.getByLabel('App token')).toHaveAccessibleDescription(/16 to 256 letters and digits/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('row').filter({ hasText: '(default)' }).getByRole('link').click();
  await expect(page.getByRole('region', { name: 'Delete this app' })).toContainText('can be disabled, but not deleted');
  await expect(page.getByRole('button', { name: 'Delete app' })).toHaveCount(0);

  const who = { email: `apps-operator-${Date.now()}@example.com`, password: 'apps-operator-pass-1' };
  await createOperator(page, who, 'operator');
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  const other = await context.newPage();
  await signIn(other, who.email, who.password);
  await expect(other.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apps' })).toHaveCount(0);
  await other.goto('/apps');
  await expect(other.getByText('Not available to your role')).toBeVisible();
  await context.close();
});

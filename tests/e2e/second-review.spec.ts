import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import Database from 'better-sqlite3';
import {
  ADMIN,
  CLOUD_BACKEND_URL,
  E2E_BASE_URL,
  E2E_DATA_DIR,
  FAKE_BACKEND_URL,
  REMOTE_BASE_URL,
  SELF_HOSTED_BACKEND_URL,
} from '../../playwright.config';
import { postJson } from '../helpers/http';
import { backend, callActionDirectly, createOperator, remoteApp, signIn } from './helpers';

/**
 * The holes a second security review found (issue 19), each tried as it was found: in the
 * browser, or with a hand-made request to a server action.
 */
const U = 'app/(console)/apps/[app]/users/actions.ts';
const G = 'app/(console)/apps/[app]/groups/actions.ts';
const A = 'app/(console)/apps/actions.ts';

/** Signed in as the admin: a remote app on the cloud stand-in (no listing), and its real data behind it. */
async function cloudApp(page: Page, environment: 'Production' | 'Development' = 'Development') {
  await signIn(page, ADMIN.email, ADMIN.password);
  const app = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, environment);
  const real = (body: Record<string, unknown>) =>
    postJson(`${E2E_BASE_URL}/backend`, { token: app.token, ...body }).then((r) => r.json);
  return { app, real };
}

async function signedInAs(browser: Browser, page: Page, role: string) {
  const who = { email: `review2-${role}-${Date.now()}@example.com`, password: `review2-${role}-password` };
  await createOperator(page, who, role);
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  const other = await context.newPage();
  await signIn(other, who.email, who.password);
  return { context, page: other, who };
}

test('support cannot create a user on a cloud app; no new address breaks the rule', async ({ page, browser }) => {
  const { app, real } = await cloudApp(page);
  const unseen = `support-unseen-${app.tag}`;
  const support = await signedInAs(browser, page, 'support');
  await support.page.goto(`/apps/${app.id}/users/${unseen}`);
  await expect(support.page.getByRole('heading', { name: "Not in this console's directory" })).toBeVisible();
  await expect(support.page.getByText('could create the user, which your role may not do')).toBeVisible();
  await expect(support.page.getByRole('button', { name: 'Generate token' })).toHaveCount(0);
  // Straight to the action, confirmation and all: refused, and the backend never heard of it.
  const direct = await callActionDirectly(support.context, E2E_BASE_URL, U, 'generateTokenAction', [
    { app: app.id, address: unseen, appid: 'web', expiryMinutes: 60, replace: true },
  ]);
  expect(direct.body).toContain('"forbidden"');
  expect((await real({ op: 'usersget', user: { address: unseen } })).users).toEqual([]);
  await support.context.close();

  // The admin may create users, but not with an address that could pass for another.
  for (const address of ['alice ', 'ali*ce', 'al\u200bice', 'ali\u202ece', 'a\u3164b']) {
    const tried = await callActionDirectly(page.context(), E2E_BASE_URL, U, 'generateTokenAction', [
      { app: app.id, address, appid: 'web', expiryMinutes: 60, replace: true },
    ]);
    expect(tried.body, JSON.stringify(address)).toContain('cannot be a new user here');
    const added = await callActionDirectly(page.context(), E2E_BASE_URL, U, 'addToDirectoryAction', [
      { app: app.id, address },
    ]);
    expect(added.body, JSON.stringify(address)).toContain('cannot be a new user here');
    expect((await real({ op: 'usersget', user: { address, exact: true } })).users ?? []).toEqual([]);
  }
  // Its page says why, and offers neither action.
  await page.goto(`/apps/${app.id}/users/${encodeURIComponent(' padded')}`);
  await expect(
    page.getByText('This address cannot be added here: An address cannot start or end with a space.'),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 }).getByText('Spaces', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Generate token' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add to directory' })).toHaveCount(0);
  // Without the confirmation that a token the console cannot see is replaced, nothing is issued.
  const unconfirmed = await callActionDirectly(page.context(), E2E_BASE_URL, U, 'generateTokenAction', [
    { app: app.id, address: `confirm-first-${app.tag}`, appid: 'web', expiryMinutes: 60 },
  ]);
  expect(unconfirmed.body).toContain('Replace token');
  expect((await real({ op: 'usersget', user: { address: `confirm-first-${app.tag}` } })).users).toEqual([]);
});

test('addresses with spaces at their ends carry a Spaces badge; blank-looking letters a Unicode one', async ({
  page,
}) => {
  const base = `a2-user0-${Date.now()}`;
  const db = new Database(path.join(E2E_DATA_DIR, 'mesibo.db'));
  db.pragma('busy_timeout = 5000');
  const engineApp = db.prepare('SELECT id FROM apps WHERE is_default = 1').get() as { id: number };
  const insert = db.prepare('INSERT INTO users (app_id, address, name, active, flags, ts) VALUES (?, ?, ?, 1, 0, 0)');
  for (const a of [` ${base}`, `${base}\u3164`]) insert.run(engineApp.id, a, 'legacy');
  db.close();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(`/apps/1/users?q=${encodeURIComponent(` ${base}`)}`);
  const padded = page.getByRole('row').filter({ hasText: base });
  await expect(padded.getByText('Spaces', { exact: true })).toHaveAttribute('title', /1 space at the start/);
  await page.goto(`/apps/1/users?q=${encodeURIComponent(base)}`);
  await expect(page.getByRole('row').filter({ hasText: base }).getByText('Unicode', { exact: true })).toHaveAttribute(
    'title',
    /U\+3164/,
  );
  // New user refuses the blank-looking letter.
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByLabel('Address').fill(`x\u3164y-${base}`);
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByLabel('Address')).toHaveAccessibleDescription(/invisible or blank-looking characters/);
});

test('lists of addresses are kept exactly as typed: " carol" is not carol', async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const carol = `carol-${Date.now()}`;
  await backend(page.request, { op: 'useradd', user: { address: carol } });
  const group = await backend(page.request, { op: 'groupadd', group: { name: `Bulk ${carol}` } });
  const gid = group.group.gid;
  await page.goto(`/apps/1/groups/${gid}`);
  await page.getByLabel('Member addresses').fill(` ${carol}`);
  await page.getByRole('button', { name: 'Add members' }).click();
  await expect(page.getByLabel('Member addresses')).toHaveAccessibleDescription(
    new RegExp(`" ${carol}" \\(An address cannot start or end with a space\\.\\)`),
  );
  expect((await backend(page.request, { op: 'groupgetmembers', group: { gid } })).members).toEqual([]);
  // A space after a comma belongs to the separator.
  await page.getByLabel('Member addresses').fill(`${carol}, ${carol}`);
  await page.getByRole('button', { name: 'Add members' }).click();
  await expect(page.getByText('1 member added or updated')).toBeVisible();

  await page.goto('/apps/1/messages');
  const send = page.getByRole('form', { name: 'Send message' });
  await send.getByLabel('From').fill(carol);
  await send.getByLabel('To').fill(`${carol}, ${carol} `);
  await send.getByLabel('Message').fill('hello');
  await send.getByRole('button', { name: 'Send message' }).click();
  await expect(send.getByLabel('To')).toHaveAccessibleDescription(new RegExp(`"${carol} "`));
});

test('a Production group the console does not know is deleted only with its gid typed', async ({ page }) => {
  const { app, real } = await cloudApp(page, 'Production');
  const made = await real({ op: 'groupadd', group: { name: `Elsewhere ${app.tag}` } });
  const gid = made.group.gid;
  const direct = await callActionDirectly(page.context(), E2E_BASE_URL, G, 'deleteGroupAction', [{ app: app.id, gid }]);
  expect(direct.body).toContain('This is a Production app: type the gid exactly to confirm.');
  expect((await real({ op: 'groupgetmembers', group: { gid } })).result).toBe(true);
  const typed = await callActionDirectly(page.context(), E2E_BASE_URL, G, 'deleteGroupAction', [
    { app: app.id, gid, confirm: String(gid) },
  ]);
  expect(typed.body).toContain(`"gid":${gid}`);
  expect((await real({ op: 'groupgetmembers', group: { gid } })).error).toBe('NOGROUP');
});

test('a disabled remote app is never called: not by its pages, not by Test connection', async ({ page, browser }) => {
  const { app } = await cloudApp(page);
  const seen = async () => (await (await page.request.get(`${CLOUD_BACKEND_URL}/__seen`)).json()).length as number;
  await page.goto(`/apps/${app.id}/settings`);
  await page.getByRole('button', { name: 'Disable app' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disable app' }).click();
  await expect(page.getByRole('region', { name: 'State' })).toContainText('Disabled');
  // As if never probed (an app from before probing at creation, or saved unreachable).
  const db = new Database(path.join(E2E_DATA_DIR, 'mesibo.db'));
  db.pragma('busy_timeout = 5000');
  db.prepare("UPDATE console_apps SET ops = '' WHERE id = ?").run(app.id);
  db.close();
  const before = await seen();
  const viewer = await signedInAs(browser, page, 'viewer');
  for (const p of ['', '/users', '/groups', '/messages', '/users/someone']) {
    await viewer.page.goto(`/apps/${app.id}${p}`);
    await expect(viewer.page.getByText('This app is disabled').first()).toBeVisible();
  }
  await viewer.context.close();
  await page.goto(`/apps/${app.id}/settings`);
  await expect(page.getByRole('button', { name: 'Test connection' })).toBeDisabled();
  const direct = await callActionDirectly(page.context(), E2E_BASE_URL, A, 'testConnectionAction', [{ app: app.id }]);
  expect(direct.body).toContain('This app is disabled, so the console does not call its backend.');
  expect(await seen()).toBe(before);
});

test('a remote app is tested before it is saved, and its URL changes only with its token typed again', async ({
  page,
}) => {
  const { app, real } = await cloudApp(page);
  const elsewhere = `listed-live-${app.tag}`;
  await real({ op: 'useradd', user: { address: elsewhere } });
  // Link-local and unspecified addresses are refused, whatever the token.
  await page.goto('/apps');
  await page.getByRole('button', { name: 'New app' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(`metadata-${app.tag}`);
  await dialog.getByLabel('Kind').selectOption({ label: 'Remote' });
  await dialog.getByLabel('Backend API URL').fill('http://169.254.169.254/backend');
  await dialog.getByLabel('App token').fill(app.token);
  await dialog.getByRole('button', { name: 'Create app' }).click();
  await expect(dialog.getByLabel('Backend API URL')).toHaveAccessibleDescription(/link-local or unspecified/);
  await expect(dialog.getByLabel('Save it anyway (it stays unusable until its backend answers)')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // The stand-in answered when the app was made: its answer time and ops were shown (helpers.remoteApp).

  await page.goto(`/apps/${app.id}/settings`);
  const connection = page.getByRole('region', { name: 'Connection' });
  await expect(connection).toContainText(`${CLOUD_BACKEND_URL}/backend`);
  await connection.getByRole('button', { name: 'Change URL' }).click();
  const change = page.getByRole('dialog', { name: 'Change Backend API URL' });
  await change.getByLabel('Backend API URL').fill(`${SELF_HOSTED_BACKEND_URL}/backend`);
  // The stored token is never sent to the new address: it must be typed.
  await expect(change.getByLabel('App token')).toHaveAttribute('required', '');
  const without = await callActionDirectly(page.context(), E2E_BASE_URL, A, 'moveAppAction', [
    { app: app.id, apiUrl: `${SELF_HOSTED_BACKEND_URL}/backend` },
  ]);
  expect(without.body).toContain('"token"');
  await change.getByLabel('App token').fill(app.token);
  await change.getByRole('button', { name: 'Change URL' }).click();
  const result = page.getByRole('dialog', { name: 'Backend API URL changed' });
  await expect(result).toContainText(/Reachable: answered in \d+ ms/);
  await expect(result).toContainText('usersget: offered');
  await expect(result).toContainText('messagesget: not offered');
  await result.getByRole('button', { name: 'Done' }).click();
  await expect(connection).toContainText(`${SELF_HOSTED_BACKEND_URL}/backend`);
  // Its users are now listed live, the one made elsewhere too.
  await page.goto(`/apps/${app.id}/users?q=${elsewhere}`);
  await expect(page.getByRole('link', { name: elsewhere })).toBeVisible();
});

test.describe('replies from a remote backend have a limit', () => {
  test.describe.configure({ mode: 'serial' });
  const setMode = (page: Page, mode: string) => page.request.post(`${FAKE_BACKEND_URL}/__mode`, { data: { mode } });
  test.afterEach(async ({ page }) => {
    await setMode(page, 'ok');
  });

  test('a 20 MB reply is refused with a clear message while /backend keeps answering', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: REMOTE_BASE_URL });
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await setMode(page, 'huge:20');
    // /backend is called one request after another while the page is refused the huge reply: every
    // call is answered, none stalls (before the cap a 300 MB reply stalled it for up to 7 s). The
    // latency target itself (p99 under 50 ms) is measured by `npm run bench:large-replies`; here the
    // browser shares two cores with three servers, so only a stall is asserted.
    const times: number[] = [];
    const answers: string[] = [];
    let loading = true;
    const probe = (async () => {
      while (loading) {
        const started = Date.now();
        const r = await page.request.post(`${REMOTE_BASE_URL}/backend`, {
          data: { op: 'stats', token: 'x'.repeat(40) },
        });
        answers.push((await r.json()).op);
        times.push(Date.now() - started);
      }
    })();
    await page.goto('/users?q=flood');
    await expect(page.getByText("The backend's reply was too large")).toBeVisible();
    await expect(page.getByText(/Request id/).first()).toBeVisible();
    loading = false;
    await probe;
    times.sort((a, b) => a - b);
    const p99 = times[Math.min(times.length - 1, Math.floor(times.length * 0.99))];
    console.log(`/backend while a 20 MB reply was refused: ${times.length} requests, p99 ${p99} ms`);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((op) => op === 'stats')).toBe(true);
    expect(times[times.length - 1]).toBeLessThan(2000);
    await context.close();
  });

  test('a reply of more rows than asked for shows only the page asked for', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: REMOTE_BASE_URL });
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    await setMode(page, 'flood:20000');
    await page.goto('/users?q=flood');
    await expect(page.getByRole('link', { name: 'flood-0', exact: true })).toBeVisible();
    expect(await page.getByRole('link', { name: /^flood-\d+$/ }).count()).toBeLessThanOrEqual(25);
    await context.close();
  });
});

test('a path that is not UTF-8 answers 400 with the console error page', async ({ page, browser }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  for (const p of ['/apps/1/users/%FF', '/apps/1/groups/%C0%AF', '/apps/%E2%82']) {
    const r = await page.goto(p);
    expect(r?.status(), p).toBe(400);
    await expect(page.getByRole('heading', { name: 'Bad request' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the overview' })).toBeVisible();
  }
  const anonymous = await browser.newContext({ baseURL: E2E_BASE_URL });
  const signedOut = await anonymous.request.get('/apps/1/users/%FF', { maxRedirects: 0 });
  expect(signedOut.status()).toBe(400);
  await anonymous.close();
});

test('a flood of refusals from one session is one audit row with a count', async ({ page, browser }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const viewer = await signedInAs(browser, page, 'viewer');
  const target = `flood-${Date.now()}`;
  for (let i = 0; i < 30; i++) {
    const r = await callActionDirectly(viewer.context, E2E_BASE_URL, U, 'deleteUserAction', [
      { app: 1, address: target, confirm: target },
    ]);
    expect(r.body).toContain('"forbidden"');
  }
  await viewer.context.close();
  await page.goto(`/audit?operator=${encodeURIComponent(viewer.who.email)}&action=authz.denied`);
  // The role is refused before the input is read: the entry names the action, not the address.
  const rows = page.getByRole('row').filter({ hasText: 'user.delete' });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('×30');
});

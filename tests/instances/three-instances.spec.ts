import { spawn } from 'node:child_process';
import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test';
import { ADMIN } from '../../playwright.config';
import { appCode, createOperator, newApp, remoteApp, signIn, turnOnTwoFactor } from '../e2e/helpers';
import { type Cluster, startCluster } from '../helpers/instances';
import { startServer } from '../helpers/server';
import { CLUSTER_PORT } from './playwright.config';

/**
 * Three instances of one build on one PostgreSQL, behind a proxy that sends every request to
 * the next instance (x-instance pins one): what one instance does, the others know.
 */
const APP_TOKEN = 'instances0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefgh';
let cluster: Cluster;
let api: APIRequestContext;
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cluster = await startCluster(3, CLUSTER_PORT, {
    MESIBO_APP_TOKEN: APP_TOKEN,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    BREACH_MAX_IPS: '3',
    WEBHOOK_RATE_LIMIT: '20',
  });
  api = await request.newContext({ baseURL: cluster.url });
});
test.afterAll(async () => {
  await api?.dispose();
  await cluster?.stop();
});

/** A Backend API call through the proxy, from `address`, optionally to one instance. */
async function call(token: string, body: Record<string, unknown>, address = '127.0.0.1', instance?: number) {
  const headers: Record<string, string> = { 'x-client-address': address };
  if (instance) headers['x-instance'] = String(instance);
  const r = await api.post('/backend', { data: { token, ...body }, headers });
  return r.json();
}

/**
 * Every instance refuses `token` with `error`, within a second of `since` (an instance may
 * trust what it read of an app for up to a second).
 */
async function refusedEverywhere(token: string, error: RegExp, since: number) {
  await expect
    .poll(
      async () => {
        const answers = await Promise.all([1, 2, 3].map((i) => call(token, { op: 'stats' }, '203.0.113.1', i)));
        return answers.every((a) => error.test(a.error ?? ''));
      },
      { intervals: [50], timeout: 3000 },
    )
    .toBe(true);
  expect(Date.now() - since).toBeLessThan(1100);
}

/** Which instance answered each request of `page` whose URL path matches, in order. */
function servedBy(page: Page) {
  const seen: { document: boolean; path: string; action: boolean; instance: string }[] = [];
  page.on('response', async (r) => {
    const req = r.request();
    seen.push({
      document: req.resourceType() === 'document',
      path: new URL(req.url()).pathname,
      action: Boolean(await req.headerValue('next-action')),
      instance: (await r.headerValue('x-served-by')) ?? '?',
    });
  });
  return seen;
}

test('started at once on an empty database: one default app, one admin, every instance ready', async () => {
  expect(await cluster.query('SELECT id, name FROM apps WHERE is_default = 1')).toHaveLength(1);
  expect(await cluster.query('SELECT email FROM operators')).toEqual([{ email: ADMIN.email }]);
  expect(await cluster.query('SELECT id FROM console_apps')).toHaveLength(1);
  for (const [i, instance] of cluster.instances.entries()) {
    expect(instance.log(), `instance ${i + 1}`).not.toMatch(/failed to start|Error/);
    const ready = await api.get('/api/ready', { headers: { 'x-instance': String(i + 1) } });
    expect(ready.status()).toBe(200);
  }
  // One build: every instance reports the build's deployment id (a rolling deploy reloads pages).
  const ids = new Set<string | undefined>();
  for (let i = 1; i <= 3; i++) {
    const r = await api.get('/login', { headers: { 'x-instance': String(i) } });
    ids.add(/data-dpl-id="([^"]+)"/.exec(await r.text())?.[1]);
  }
  expect([...ids]).toHaveLength(1);
  expect([...ids][0]).toMatch(/^[A-Za-z0-9._-]+$/);
});

test('the console: a page by one instance, its action by another, the next page by a third', async ({ page }) => {
  await page.context().setExtraHTTPHeaders({ 'x-client-address': '198.51.100.10' });
  await signIn(page, ADMIN.email, ADMIN.password);
  // Pin the document to instance 1, the server action to 2, the next document to 3.
  let pin = '1';
  await page.route('**/*', async (route) => {
    const r = route.request();
    const kind = r.resourceType() === 'document' || (await r.headerValue('next-action'));
    await route.continue({ headers: kind && pin ? { ...r.headers(), 'x-instance': pin } : r.headers() });
  });
  const seen = servedBy(page);
  await page.goto(`/apps/1/users`);
  pin = '2';
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Address').fill('across@example.com');
  await dialog.getByLabel('Name').fill('Across Instances');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  pin = '3';
  await page.goto(`/apps/1/users/across%40example.com`);
  await expect(page.getByLabel('Name')).toHaveValue('Across Instances');
  const documents = seen.filter((s) => s.document);
  const actions = seen.filter((s) => s.action);
  expect(documents[0].instance).toBe('1');
  expect(actions.map((a) => a.instance)).toContain('2');
  expect(documents.at(-1)?.instance).toBe('3');
  pin = ''; // from here on, unpinned

  // Unpinned, every request to the next instance: a walk through the pages still works.
  const free = servedBy(page);
  for (const path of ['/apps/1', '/apps/1/users', '/apps/1/groups', '/apps/1/messages', '/audit']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expect(page.getByText(/went wrong/i)).toHaveCount(0);
  }
  await page.goto(`/audit`);
  await expect(page.getByRole('row').filter({ hasText: 'across@example.com' }).first()).toBeVisible();
  expect(new Set(free.map((s) => s.instance))).toEqual(new Set(['1', '2', '3']));
});

test('a remote app without listing ops: its directory and a lost answer are the same on every instance; one with another server key refuses to start', async ({
  page,
}) => {
  // mesibo's cloud, stood in for by this cluster's own Backend API without the listing ops.
  const cloudPort = CLUSTER_PORT + 1;
  const cloud = spawn(
    process.execPath,
    ['tests/helpers/cloud-backend.mjs', String(cloudPort), `${cluster.url}/backend`],
    {
      stdio: 'ignore',
    },
  );
  try {
    await expect
      .poll(async () => (await api.get(`http://127.0.0.1:${cloudPort}/__seen`).catch(() => null))?.ok())
      .toBe(true);
    await page.context().setExtraHTTPHeaders({ 'x-client-address': '198.51.100.11' });
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`/apps`);
    const remote = await remoteApp(page, `http://127.0.0.1:${cloudPort}/backend`, 'Staging');
    const users = `/apps/${remote.id}/users`;
    await page.goto(users);
    await expect(page.getByText(/cannot list users/)).toBeVisible();
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Address').fill('cloud-user@example.com');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();
    // Each instance lists it from the shared directory.
    for (let i = 1; i <= 3; i++) {
      await page.setExtraHTTPHeaders({ 'x-client-address': '198.51.100.11', 'x-instance': String(i) });
      await page.goto(users);
      await expect(page.getByRole('row').filter({ hasText: 'cloud-user@example.com' })).toBeVisible();
    }
    // A change whose answer is lost (the cloud gone mid-way) shows as Unconfirmed through every instance.
    cloud.kill();
    await page.setExtraHTTPHeaders({ 'x-client-address': '198.51.100.11' });
    await page.goto(`${users}/cloud-user%40example.com`);
    await page.getByLabel('Name').fill('Renamed while the cloud is down');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert').filter({ hasText: /could not be reached|did not answer/ })).toBeVisible();
    for (let i = 1; i <= 3; i++) {
      await page.setExtraHTTPHeaders({ 'x-client-address': '198.51.100.11', 'x-instance': String(i) });
      await page.goto(`${users}/cloud-user%40example.com`);
      await expect(page.getByRole('status').filter({ hasText: 'Unconfirmed since' })).toBeVisible();
    }
    // An instance started with another CONSOLE_SECRET_KEY could open none of the sealed tokens: it refuses to start.
    const misfit = startServer({ ...cluster.env, CONSOLE_SECRET_KEY: 'a-different-server-key-0123456789abcdefghij' });
    await expect(misfit).rejects.toThrow(/CONSOLE_SECRET_KEY: is not the key this database was sealed with/);
  } finally {
    cloud.kill();
  }
});

test('sign-in throttling and the lockout count every instance', async ({ browser }) => {
  // 27 sign-ins through the proxy, each a new browser: on a loaded 2-core machine a page load
  // has stalled in the proxy for most of a minute, so each page gets a second load.
  test.setTimeout(180_000);
  const attempt = async (address: string, email: string, password: string) => {
    const context = await browser.newContext({
      baseURL: cluster.url,
      extraHTTPHeaders: { 'x-client-address': address },
    });
    const page = await context.newPage();
    await page.goto('/login');
    // Sign in is enabled once the page has hydrated; a load that stalled is loaded again.
    const signInButton = page.getByRole('button', { name: 'Sign in' });
    const hydrated = await expect(signInButton)
      .toBeEnabled({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (!hydrated) await page.reload();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const outcome = await Promise.race([
      page.waitForURL((u) => !u.pathname.startsWith('/login')).then(() => 'in' as const),
      page
        .getByRole('alert')
        .filter({ hasText: 'Email or password is wrong' })
        .waitFor()
        .then(() => 'refused' as const),
    ]);
    await context.close();
    return outcome;
  };
  // Lockout: five wrong passwords for the admin from one address, spread over the instances.
  for (let i = 0; i < 5; i++) expect(await attempt('192.0.2.20', ADMIN.email, `wrong-password-${i}`)).toBe('refused');
  expect(await attempt('192.0.2.20', ADMIN.email, ADMIN.password)).toBe('refused');
  expect(await attempt('192.0.2.21', ADMIN.email, ADMIN.password)).toBe('in');
  // Throttle: twenty failures from one address for accounts that do not exist.
  for (let i = 0; i < 20; i++) {
    expect(await attempt('192.0.2.30', `nobody-${i}@example.com`, 'wrong-password-x')).toBe('refused');
  }
  expect(await attempt('192.0.2.30', ADMIN.email, ADMIN.password)).toBe('refused');
  const throttled = await cluster.query<{ detail: string }>(
    "SELECT detail FROM audit_log WHERE action = 'auth.signin' AND detail LIKE '%too many failures from 192.0.2.30%'",
  );
  expect(throttled).toHaveLength(1);
});

test('two-factor: a code taken through one instance is refused by another; a session ended on one is refused by all', async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  const email = `two-factor-${Date.now()}@example.com`;
  const password = 'instances-password-1';
  await page.context().setExtraHTTPHeaders({ 'x-client-address': '198.51.100.14' });
  await signIn(page, ADMIN.email, ADMIN.password);
  await createOperator(page, { email, password }, 'viewer');
  /** A browser of the operator's whose every request goes to instance `n`. */
  const pinned = async (n: number) =>
    (
      await browser.newContext({
        baseURL: cluster.url,
        extraHTTPHeaders: { 'x-client-address': `198.51.100.${20 + n}`, 'x-instance': String(n) },
      })
    ).newPage();
  const toSecondStep = async (p: Page) => {
    await p.goto('/login');
    await expect(p.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expect(p.getByLabel('Authentication code')).toBeVisible();
  };

  // Turned on through instance 1.
  const one = await pinned(1);
  await signIn(one, email, password);
  await one.goto('/account');
  const { secret, recovery } = await turnOnTwoFactor(one);
  await one.getByRole('button', { name: 'I have saved them' }).click();
  await one.context().close();

  // The same code at the second step on instance 1, then on instance 2: taken once.
  const [a, b] = [await pinned(1), await pinned(2)];
  await toSecondStep(a);
  await toSecondStep(b);
  const code = appCode(secret, 1);
  await a.getByLabel('Authentication code').fill(code);
  await a.getByRole('button', { name: 'Verify' }).click();
  await expect(a).not.toHaveURL(/\/login/);
  await b.getByLabel('Authentication code').fill(code);
  await b.getByRole('button', { name: 'Verify' }).click();
  await expect(b.getByText('That code is not right, or it was used already')).toBeVisible();
  await b.getByRole('button', { name: 'Use a recovery code' }).click();
  await b.getByLabel('Recovery code').fill(recovery[0]);
  await b.getByRole('button', { name: 'Verify' }).click();
  await expect(b).not.toHaveURL(/\/login/);

  // Instance 1 ends the session signed in on instance 2: instances 2 and 3 refuse it at once.
  await a.goto('/account');
  const others = a.getByRole('region', { name: 'Sessions' }).getByRole('row').filter({ hasNotText: 'This session' });
  await others.filter({ hasText: '198.51.100.22' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(others.filter({ hasText: '198.51.100.22' })).toHaveCount(0);
  for (const n of ['2', '3']) {
    await b.context().setExtraHTTPHeaders({ 'x-client-address': '198.51.100.22', 'x-instance': n });
    await b.goto('/account');
    await expect(b, `instance ${n}`).toHaveURL(/\/login/);
  }
  // Instance 1's own session goes on, through every instance.
  for (const n of ['2', '3']) {
    await a.context().setExtraHTTPHeaders({ 'x-client-address': '198.51.100.21', 'x-instance': n });
    await a.goto('/account');
    await expect(a.getByRole('heading', { name: 'Account' })).toBeVisible();
  }
  const steps = await cluster.query<{ n: string }>(
    "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'auth.signin' AND outcome = 'denied' AND target = $1 AND detail LIKE '%wrong authentication code%'",
    [email],
  );
  expect(Number(steps[0].n)).toBe(1);
  await a.context().close();
  await b.context().close();
});

/** A bundled app made in the console (its token can be rotated there; the default app's comes from the environment). */
let breachApp: { id: number; token: string };

test('a token breach is seen by every instance, and again after the app is enabled with a new token', async ({
  page,
}) => {
  await page.context().setExtraHTTPHeaders({ 'x-client-address': '198.51.100.12' });
  await signIn(page, ADMIN.email, ADMIN.password);
  const dialog = await newApp(page, { name: 'Shared breach', environment: 'Development', kind: 'Bundled' });
  const first = await dialog.getByLabel('App token').inputValue();
  const href = await dialog.getByRole('link', { name: 'Open the settings of Shared breach' }).getAttribute('href');
  await dialog.getByRole('button', { name: 'Done' }).click();
  const settings = href ?? '';
  // Four addresses against a limit of three, each through another instance.
  for (let i = 1; i <= 3; i++) expect((await call(first, { op: 'stats' }, `203.0.113.${i}`, i)).result).toBe(true);
  expect(await call(first, { op: 'stats' }, '203.0.113.4', 1)).toMatchObject({ error: 'TOKENBREACH' });
  await refusedEverywhere(first, /TOKENBREACH|APPDISABLED/, Date.now());

  // The way back: a new token (Rotate app token) through one instance.
  await page.goto(settings);
  const token = await rotate(page);
  // Enabled again everywhere; a new breach is counted from the start, across instances again.
  await expect.poll(async () => (await call(token, { op: 'stats' }, '203.0.113.5', 3)).result).toBe(true);
  expect((await call(token, { op: 'stats' }, '203.0.113.6', 1)).result).toBe(true);
  expect((await call(token, { op: 'stats' }, '203.0.113.7', 2)).result).toBe(true);
  expect(await call(token, { op: 'stats' }, '203.0.113.8', 3)).toMatchObject({ error: 'TOKENBREACH' });
  await refusedEverywhere(token, /TOKENBREACH|APPDISABLED/, Date.now());
  await page.reload();
  const breach = page.getByRole('region', { name: 'Token breach' });
  await expect(breach.getByRole('alert')).toContainText('This app was disabled');
  await expect(breach.getByRole('row').filter({ hasText: '203.0.113.7' })).toBeVisible();
  breachApp = { id: Number(/\/apps\/(\d+)\//.exec(settings)?.[1]), token: await rotate(page) };
});

test('an app token rotated through one instance is refused by the others within a second', async ({ page }) => {
  await page.context().setExtraHTTPHeaders({ 'x-client-address': '198.51.100.13' });
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(`/apps/${breachApp.id}/settings`);
  // Every instance has just used the current token (and keeps what it read of the app).
  const old = breachApp.token;
  for (let i = 1; i <= 3; i++) expect((await call(old, { op: 'stats' }, '203.0.113.1', i)).result).toBe(true);
  const fresh = await rotate(page);
  await refusedEverywhere(old, /AUTHFAIL/, Date.now());
  for (let i = 1; i <= 3; i++) expect((await call(fresh, { op: 'stats' }, '203.0.113.1', i)).result).toBe(true);
});

/** Rotate app token on the app's settings page; returns the new token. */
async function rotate(page: Page) {
  await page.getByRole('button', { name: 'Rotate app token' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Rotate app token' }).click();
  const token = await page.getByRole('dialog').getByLabel('App token').inputValue();
  await page.getByRole('button', { name: 'Done' }).click();
  return token;
}

test('a webhook delivery is stored once whichever instance gets it, and the rate limit counts every instance', async ({
  page,
}) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/apps/1/webhooks');
  const path = new URL(await page.getByLabel('Receiver URL').inputValue()).pathname;
  const secret = await page.getByLabel('Secret', { exact: true }).inputValue();
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('button', { name: 'Turn off' })).toBeVisible();
  const tag = `once-${Date.now()}`;
  const body = {
    v: 1,
    aid: 1,
    ts: Date.now(),
    secret,
    events: [{ type: 'user', user: { address: tag }, status: 'online' }],
  };
  for (const instance of [1, 2, 3]) {
    const r = await api.post(path, { data: body, headers: { 'x-instance': String(instance) } });
    expect([r.status(), (await r.text()).trim()], `instance ${instance}`).toEqual([200, 'MESIBO OK']);
  }
  const rows = await cluster.query<{ n: string }>('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE body LIKE $1', [
    `%${tag}%`,
  ]);
  expect(Number(rows[0].n)).toBe(1);
  // 30 at once, spread over the instances: the limit of 20 a second holds for all of them together.
  await new Promise((r) => setTimeout(r, 1100));
  const statuses = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      api
        .post(path, { data: { ...body, ts: Date.now() + i + 1 }, headers: { 'x-instance': String((i % 3) + 1) } })
        .then((r) => r.status()),
    ),
  );
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
  expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(20);
});

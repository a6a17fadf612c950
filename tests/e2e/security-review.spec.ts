import path from 'node:path';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { decode, encode } from 'next-auth/jwt';
import { ADMIN, CANARY_NEXTAUTH_SECRET, E2E_BASE_URL, E2E_DATA_DIR } from '../../playwright.config';
import { backend, signIn } from './helpers';

/**
 * The holes an independent security review found (issue 7), each tried the way it was
 * found: from the browser, or with a hand-made request.
 */
const COOKIE = 'next-auth.session-token';
const now = () => Math.floor(Date.now() / 1000);

async function sessionCookie(context: BrowserContext): Promise<string> {
  const c = (await context.cookies()).find((x) => x.name === COOKIE);
  if (!c) throw new Error('no session cookie');
  return c.value;
}

test.describe('sign-in never lands on another site', () => {
  for (const next of ['/\\evil.example/x', '/%09/evil.example/x', '//evil.example/x', 'https://evil.example/']) {
    test(`next=${next}`, async ({ page }) => {
      await page.goto(`/login?next=${next.includes('%') ? next : encodeURIComponent(next)}`);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
      expect(new URL(page.url()).origin).toBe(E2E_BASE_URL);
      // Already signed in, the same link redirects within the console too.
      const r = await page.request.get(`/login?next=${encodeURIComponent(next)}`, { maxRedirects: 0 });
      expect(r.status()).toBe(307);
      expect(new URL(r.headers().location ?? '', E2E_BASE_URL).origin).toBe(E2E_BASE_URL);
    });
  }
  test('a same-origin next is kept', async ({ page }) => {
    await page.goto('/login?next=%2Fgroups');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Groups' })).toBeVisible();
  });
});

test.describe('session lifetimes hold when the token is re-issued', () => {
  test('a re-issue keeps the session id and the sign-in time; the token lives no longer than SESSION_MAX_AGE_HOURS', async ({
    page,
    context,
  }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    const first = await decode({ token: await sessionCookie(context), secret: CANARY_NEXTAUTH_SECRET });
    expect(first?.sid).toEqual(expect.any(String));
    expect(Math.abs((first?.authTime ?? 0) - now())).toBeLessThan(120);
    expect((first?.exp as number) - (first?.iat as number)).toBeLessThanOrEqual(12 * 3600);
    const reissued = await page.request.get('/api/auth/session');
    expect((await reissued.json()).user.email).toBe(ADMIN.email);
    const second = await decode({ token: await sessionCookie(context), secret: CANARY_NEXTAUTH_SECRET });
    expect(second?.jti).not.toBe(first?.jti);
    expect(second?.sid).toBe(first?.sid);
    expect(second?.authTime).toBe(first?.authTime);
  });

  test('a token older than SESSION_MAX_AGE_HOURS is refused everywhere, and is not re-issued', async ({
    page,
    context,
    request,
  }) => {
    await signIn(page, ADMIN.email, ADMIN.password);
    const claims = await decode({ token: await sessionCookie(context), secret: CANARY_NEXTAUTH_SECRET });
    const forge = (extra: Record<string, unknown>) =>
      encode({ token: { ...claims, ...extra }, secret: CANARY_NEXTAUTH_SECRET, maxAge: 12 * 3600 });
    const cases = {
      'signed in 13 hours ago': await forge({ authTime: now() - 13 * 3600 }),
      'without a session id (as issued before)': await forge({ sid: undefined }),
      'with an unknown session id': await forge({ sid: 'never-signed-in' }),
    };
    for (const [what, token] of Object.entries(cases)) {
      const headers = { cookie: `${COOKIE}=${token}` };
      expect((await request.get('/api/apps/1/users', { headers })).status(), what).toBe(401);
      const r = await request.get('/api/auth/session', { headers });
      expect(await r.json(), what).toEqual({});
      // No fresh token: the cookie is cleared instead.
      const set = r.headers()['set-cookie'] ?? '';
      expect(set, what).toMatch(new RegExp(`${COOKIE}=;`));
    }
    // The real session is untouched.
    expect((await page.request.get('/api/apps/1/users')).status()).toBe(200);
  });
});

/** Rows as an earlier version stored them (the engine now refuses such new addresses). */
function insertLegacyUsers(addresses: string[]) {
  const db = new Database(path.join(E2E_DATA_DIR, 'mesibo.db'));
  db.pragma('busy_timeout = 5000');
  const app = db.prepare('SELECT id FROM apps WHERE is_default = 1').get() as { id: number };
  const insert = db.prepare(
    'INSERT INTO users (app_id, address, name, active, flags, ts) VALUES (?, ?, ?, 1, 0, ?) ON CONFLICT DO NOTHING',
  );
  for (const a of addresses) insert.run(app.id, a, `legacy ${JSON.stringify(a)}`, now());
  db.close();
}

async function exactUser(page: Page, address: string) {
  const r = await backend(page.request, { op: 'usersget', user: { address, exact: true } });
  return r.users.find((u: { address: string }) => u.address === address);
}

test.describe('actions land on the user whose page it is', () => {
  test('on the page of " alice", Active and Generate token act on " alice", not "alice"', async ({ page }) => {
    const base = `legacy-${Date.now()}`;
    insertLegacyUsers([` ${base}`, base]);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`/users/${encodeURIComponent(` ${base}`)}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(base);
    await page.getByRole('switch', { name: 'Active' }).click();
    await page
      .getByRole('dialog', { name: 'Deactivate user' })
      .getByRole('button', { name: 'Deactivate user' })
      .click();
    await expect.poll(async () => (await exactUser(page, ` ${base}`))?.active).toBe(false);
    expect((await exactUser(page, base))?.active).toBe(true);

    await page.getByRole('button', { name: 'Generate token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('App ID').fill('web');
    await dialog.getByRole('button', { name: 'Generate token' }).click();
    await expect(page.getByRole('textbox', { name: 'Access token' })).toBeVisible();
    await expect.poll(async () => (await exactUser(page, ` ${base}`))?.tokens.length).toBe(1);
    expect((await exactUser(page, base))?.tokens).toEqual([]);
  });

  test('a user with * in its address is found, and "New user" never overwrites it', async ({ page }) => {
    const dup = `dup${Date.now()}*`;
    insertLegacyUsers([dup, dup.replace('*', 'x')]);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`/users/${encodeURIComponent(dup)}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(dup);
    await expect(page.getByRole('switch', { name: 'Active' })).toBeVisible();

    await page.goto('/users');
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Address').fill(dup);
    await dialog.getByLabel('App ID').fill('web');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog.getByText('An address cannot contain *')).toBeVisible();
    expect((await exactUser(page, dup))?.tokens).toEqual([]);
    expect((await exactUser(page, dup))?.name).toBe(`legacy ${JSON.stringify(dup)}`);
  });

  test('an address outside printable ASCII carries a visible Unicode badge with its code points', async ({ page }) => {
    const lookalike = `\u0430lice-${Date.now()}`; // a Cyrillic а
    expect((await backend(page.request, { op: 'useradd', user: { address: lookalike } })).result).toBe(true);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`/users?q=${encodeURIComponent(lookalike)}`);
    const row = page.getByRole('row').filter({ hasText: lookalike });
    const badge = row.getByText('Unicode', { exact: true });
    await expect(badge).toBeVisible();
    await expect(badge).toHaveAttribute('title', /U\+0430/);
    await page.goto(`/users/${encodeURIComponent(lookalike)}`);
    await expect(page.getByRole('heading', { level: 1 }).getByText('Unicode', { exact: true })).toBeVisible();
  });
});

test.describe('pages that broke', () => {
  test('the 404 page is styled, runs under the CSP, and leads back', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await signIn(page, ADMIN.email, ADMIN.password);
    const r = await page.goto('/no-such-page');
    expect(r?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    // Every script the server sends carries that response's nonce (a prerendered page has
    // none, and the browser blocked all its scripts).
    const again = await page.request.get('/no-such-page');
    const nonce = /'nonce-([^']+)'/.exec(again.headers()['content-security-policy'] ?? '')?.[1];
    const scripts = (await again.text()).match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(3);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    await page.getByRole('link', { name: 'Go to the overview' }).click();
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test('/users/a%25b opens the user "a%b"; a repeated audit filter does not break the page', async ({ page }) => {
    const address = `pct-${Date.now()}%b`;
    expect((await backend(page.request, { op: 'useradd', user: { address } })).result).toBe(true);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`/users/${encodeURIComponent(address)}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(address);
    await expect(page.getByRole('switch', { name: 'Active' })).toBeVisible();
    // The same through the list's link (a client-side navigation).
    await page.goto(`/users?q=${encodeURIComponent(address)}`);
    await page.getByRole('link', { name: address }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(address);
    await expect(page.getByRole('switch', { name: 'Active' })).toBeVisible();
    // A hand-typed address that is not valid percent-encoding is read as written.
    expect((await page.goto('/users/a%b'))?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('a%b');
    const r = await page.goto('/audit?operator=a@example.com&operator=b@example.com&action=x&action=y');
    expect(r?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    for (const p of ['/users?q=a&q=b', '/groups?q=a&q=b', '/messages?from=a&from=b'])
      expect((await page.goto(p))?.status(), p).toBe(200);
  });

  test('a refused bulk add of members is audited as failed, with the reason', async ({ page }) => {
    const known = `bulk-known-${Date.now()}`;
    await backend(page.request, { op: 'useradd', user: { address: known } });
    const gid = (await backend(page.request, { op: 'groupadd', group: { name: `bulk ${known}` } })).group.gid;
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto(`/groups/${gid}`);
    await page.getByLabel('Member addresses').fill(`${known}\nnobody-${known}`);
    await page.getByRole('button', { name: 'Add members' }).click();
    await expect(page.getByText('Nothing was added')).toBeVisible();
    await page.goto('/audit?action=group.members.add');
    const row = page
      .getByRole('row')
      .filter({ hasText: `gid ${gid}` })
      .first();
    await expect(row).toContainText('failed');
    await expect(row).toContainText('Nothing was added: 1 of 2 addresses are not users');
  });
});

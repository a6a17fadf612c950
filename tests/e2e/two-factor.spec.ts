import { readFile } from 'node:fs/promises';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { ADMIN, E2E_BASE_URL } from '../../playwright.config';
import { appCode, createOperator, openMenuIfNarrow, signIn, turnOnTwoFactor } from './helpers';

/**
 * Two-factor sign-in and the sessions list, as operators use them: turned on from the Account
 * page with a code from an authenticator app (computed here as the app would), signing in with
 * a code and with a recovery code, Require two-factor, Reset two-factor, and ending sessions.
 */
const PASSWORD = 'two-factor-password-1';

async function newContextPage(browser: Browser) {
  return (await browser.newContext({ baseURL: E2E_BASE_URL })).newPage();
}

/** Signs in up to the second step. */
async function password(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
}

async function signOut(page: Page) {
  await openMenuIfNarrow(page);
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

test('two-factor: turned on with a code, then signing in asks for one; a code is taken once; a recovery code works once', async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  const email = `totp-${Date.now()}@example.com`;
  await signIn(page, ADMIN.email, ADMIN.password);
  await createOperator(page, { email, password: PASSWORD }, 'viewer');

  const mine = await newContextPage(browser);
  await signIn(mine, email, PASSWORD);
  await openMenuIfNarrow(mine);
  await mine.getByRole('link', { name: 'Account' }).click();
  await expect(mine.getByRole('heading', { name: 'Account' })).toBeVisible();
  const section = mine.getByRole('region', { name: 'Two-factor sign-in' });
  await expect(section).toContainText('Off.');
  const { secret, code, recovery } = await turnOnTwoFactor(mine);

  // Download gives the same codes in a text file.
  const download = mine.waitForEvent('download');
  await mine.getByRole('button', { name: 'Download' }).click();
  const file = await readFile((await (await download).path()) ?? '', 'utf8');
  for (const c of recovery) expect(file).toContain(c);
  await mine.getByRole('button', { name: 'I have saved them' }).click();
  await expect(section).toContainText('On (turned on');
  await expect(section).toContainText('10 of 10 recovery codes left');

  // Signing in now asks for a code after the password; the code that turned it on is used up.
  await signOut(mine);
  await password(mine, email);
  await mine.goto('/users'); // nothing else opens at this step
  await expect(mine.getByRole('heading', { name: 'Two-factor sign-in' })).toBeVisible();
  await mine.getByLabel('Authentication code').fill(code);
  await mine.getByRole('button', { name: 'Verify' }).click();
  await expect(mine.getByText('That code is not right, or it was used already')).toBeVisible();
  await mine.getByLabel('Authentication code').fill(appCode(secret, 1));
  await mine.getByRole('button', { name: 'Verify' }).click();
  await expect(mine.getByRole('banner')).toBeVisible();
  await expect(mine).not.toHaveURL(/\/login/);

  // A recovery code signs in once.
  await signOut(mine);
  await password(mine, email);
  await mine.getByRole('button', { name: 'Use a recovery code' }).click();
  await mine.getByLabel('Recovery code').fill(recovery[3].toUpperCase());
  await mine.getByRole('button', { name: 'Verify' }).click();
  await expect(mine.getByText('9 recovery codes left')).toBeVisible();
  await mine.goto('/account');
  await expect(mine.getByRole('region', { name: 'Two-factor sign-in' })).toContainText('9 of 10 recovery codes left');
  await signOut(mine);
  await password(mine, email);
  await mine.getByRole('button', { name: 'Use a recovery code' }).click();
  await mine.getByLabel('Recovery code').fill(recovery[3]);
  await mine.getByRole('button', { name: 'Verify' }).click();
  await expect(mine.getByText('That recovery code is not right, or it was used already')).toBeVisible();
  await mine.getByLabel('Recovery code').fill(recovery[4]);
  await mine.getByRole('button', { name: 'Verify' }).click();
  await expect(mine).not.toHaveURL(/\/login/);

  // Turn off asks for a current code (a recovery code does too).
  await mine.goto('/account');
  await mine.getByRole('button', { name: 'Turn off two-factor' }).click();
  const off = mine.getByRole('dialog', { name: 'Turn off two-factor' });
  await off.getByLabel('Authentication or recovery code').fill(recovery[5]);
  await off.getByRole('button', { name: 'Turn off two-factor' }).click();
  await expect(mine.getByRole('region', { name: 'Two-factor sign-in' })).toContainText('Off.');
  await mine.context().close();

  // The audit log says so, under the operator's History.
  await page.goto(`/audit?target=${encodeURIComponent(email)}`);
  for (const action of ['operator.two_factor.on', 'auth.recovery_code', 'operator.two_factor.off'])
    await expect(page.getByRole('row').filter({ hasText: action }).first()).toBeVisible();
});

test('wrong codes are locked like passwords: after five, even a right one is refused until an admin unlocks', async ({
  browser,
  page,
}) => {
  test.setTimeout(90_000);
  const email = `totp-lock-${Date.now()}@example.com`;
  await signIn(page, ADMIN.email, ADMIN.password);
  await createOperator(page, { email, password: PASSWORD }, 'support');
  const mine = await newContextPage(browser);
  await signIn(mine, email, PASSWORD);
  await mine.goto('/account');
  const { secret } = await turnOnTwoFactor(mine);
  await mine.getByRole('button', { name: 'I have saved them' }).click();
  await signOut(mine);
  await password(mine, email);
  for (let i = 0; i < 5; i++) {
    await mine.getByLabel('Authentication code').fill(String(100000 + i));
    await mine.getByRole('button', { name: 'Verify' }).click();
    await expect(mine.getByRole('alert')).toBeVisible();
  }
  await mine.getByLabel('Authentication code').fill(appCode(secret, 1));
  await mine.getByRole('button', { name: 'Verify' }).click();
  await expect(mine.getByText('Too many wrong codes')).toBeVisible();

  await page.goto('/operators');
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('after wrong authentication codes');
  await row.getByRole('button', { name: 'Unlock' }).click();
  await expect(row).not.toContainText('Locked');
  await mine.getByLabel('Authentication code').fill(appCode(secret, 1));
  await mine.getByRole('button', { name: 'Verify' }).click();
  await expect(mine).not.toHaveURL(/\/login/);
  await mine.context().close();
});

test('sessions: the Account page lists them; Sign out ends one, Sign out other sessions the rest; the header ends only its own', async ({
  browser,
  page,
}) => {
  test.setTimeout(90_000);
  const email = `sessions-${Date.now()}@example.com`;
  await signIn(page, ADMIN.email, ADMIN.password);
  await createOperator(page, { email, password: PASSWORD }, 'operator');
  const [a, b, c] = [await newContextPage(browser), await newContextPage(browser), await newContextPage(browser)];
  for (const p of [a, b, c]) await signIn(p, email, PASSWORD);

  await a.goto('/account');
  const sessions = a.getByRole('region', { name: 'Sessions' });
  await expect(sessions.getByRole('row').filter({ hasText: 'Chrome' })).toHaveCount(3);
  const current = sessions.getByRole('row').filter({ hasText: 'This session' });
  await expect(current).toHaveCount(1);
  await expect(current).toContainText('127.0.0.1');
  await expect(current.getByRole('button', { name: 'Sign out' })).toHaveCount(0);

  // Sign out of one other session: the next request of that browser is refused.
  await sessions
    .getByRole('row')
    .filter({ hasNotText: 'This session' })
    .filter({ hasText: 'Chrome' })
    .first()
    .getByRole('button', { name: 'Sign out' })
    .click();
  await expect(sessions.getByRole('row').filter({ hasText: 'Chrome' })).toHaveCount(2);
  const stillIn = async (p: Page) => {
    await p.goto('/account');
    return !p.url().includes('/login');
  };
  const left = [await stillIn(b), await stillIn(c)];
  expect(left.filter(Boolean)).toHaveLength(1);

  // Sign out other sessions: only this one goes on.
  await a.getByRole('button', { name: 'Sign out other sessions' }).click();
  await a
    .getByRole('dialog', { name: 'Sign out other sessions' })
    .getByRole('button', { name: 'Sign out other sessions' })
    .click();
  await expect(sessions.getByRole('row').filter({ hasText: 'Chrome' })).toHaveCount(1);
  expect([await stillIn(b), await stillIn(c)]).toEqual([false, false]);

  // The header's Sign out ends only its own session.
  await signIn(b, email, PASSWORD);
  await signOut(a);
  expect(await stillIn(b)).toBe(true);

  // An admin sees them from the Operators page and ends one.
  await page.goto('/operators');
  await page.getByRole('link', { name: `Sessions of ${email}` }).click();
  await expect(page.getByRole('heading', { name: `Sessions of ${email}` })).toBeVisible();
  const rows = page.getByRole('row').filter({ hasText: 'Chrome' });
  await expect(rows).toHaveCount(1);
  await rows.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('No open sessions')).toBeVisible();
  expect(await stillIn(b)).toBe(false);
  await page.goto(`/audit?target=${encodeURIComponent(email)}`);
  for (const action of ['auth.session.end', 'auth.session.end_others', 'operator.session.end'])
    await expect(page.getByRole('row').filter({ hasText: action }).first()).toBeVisible();
  for (const p of [a, b, c]) await p.context().close();
});

test('Require two-factor for admins: one without it sets it up right after the password; Reset two-factor ends their sessions', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const stamp = Date.now();
  const [keeper, newcomer] = [`keeper-${stamp}@example.com`, `newcomer-${stamp}@example.com`];
  const admin = await newContextPage(browser);
  await signIn(admin, ADMIN.email, ADMIN.password);
  await createOperator(admin, { email: keeper, password: PASSWORD }, 'admin');
  await createOperator(admin, { email: newcomer, password: PASSWORD }, 'admin');
  await admin.context().close();

  // The keeper (two-factor on) changes the policy, so no other test's admin is held meanwhile.
  const k = await newContextPage(browser);
  await signIn(k, keeper, PASSWORD);
  await k.goto('/account');
  const { secret } = await turnOnTwoFactor(k);
  await k.getByRole('button', { name: 'I have saved them' }).click();
  try {
    await k.goto('/operators');
    await k.getByLabel('Require two-factor').selectOption('admins');
    const ask = k.getByRole('dialog', { name: 'Require two-factor' });
    await expect(ask).toContainText(newcomer);
    await ask.getByRole('button', { name: 'Save' }).click();
    await expect(k.getByText('Require two-factor: Admins')).toBeVisible();
    await expect(k.getByRole('row').filter({ hasText: newcomer })).toContainText('Off (required');

    // The newcomer is held at setting it up; no other page opens until it is on.
    const n = await newContextPage(browser);
    await n.goto('/login');
    await n.getByLabel('Email').fill(newcomer);
    await n.getByLabel('Password').fill(PASSWORD);
    await n.getByRole('button', { name: 'Sign in' }).click();
    await expect(n.getByRole('heading', { name: 'Set up two-factor sign-in' })).toBeVisible();
    await n.goto('/operators');
    await expect(n).toHaveURL(/\/login/);
    await expect(n.getByRole('heading', { name: 'Set up two-factor sign-in' })).toBeVisible();
    await turnOnTwoFactor(n);
    await n.getByRole('button', { name: 'I have saved them' }).click();
    await expect(n.getByRole('banner')).toBeVisible();
    await n.goto('/account');
    await expect(n.getByRole('region', { name: 'Two-factor sign-in' })).toContainText('Required for your role');
    await expect(n.getByRole('button', { name: 'Turn off two-factor' })).toHaveCount(0);

    // Lost the device: the keeper resets the newcomer's two-factor; the newcomer's session ends.
    await k.goto('/operators');
    await k.getByRole('button', { name: `Reset two-factor of ${newcomer}` }).click();
    await k.getByRole('dialog', { name: 'Reset two-factor' }).getByRole('button', { name: 'Reset two-factor' }).click();
    await expect(k.getByRole('row').filter({ hasText: newcomer })).toContainText('Off (required');
    await n.goto('/account');
    await expect(n).toHaveURL(/\/login/);
    await n.context().close();
  } finally {
    // Whatever happened above, the policy goes back to Off for every other test.
    await k.goto('/operators');
    if ((await k.getByLabel('Require two-factor').inputValue()) !== 'off') {
      await k.getByLabel('Require two-factor').selectOption('off');
      await k.getByRole('dialog', { name: 'Require two-factor' }).getByRole('button', { name: 'Save' }).click();
      await expect(k.getByText('Require two-factor: Off')).toBeVisible();
    }
  }
  await k.goto(`/audit?action=operators.require_two_factor`);
  await expect(k.getByRole('row').filter({ hasText: keeper }).first()).toBeVisible();
  await k.goto(`/audit?target=${encodeURIComponent(newcomer)}`);
  await expect(k.getByRole('row').filter({ hasText: 'operator.two_factor.reset' }).first()).toBeVisible();
  expect(secret).toBeTruthy();
  await k.context().close();
});

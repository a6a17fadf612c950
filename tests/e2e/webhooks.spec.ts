import { expect, test } from '@playwright/test';
import { ADMIN, CLOUD_BACKEND_URL } from '../../playwright.config';
import { createOperator, remoteApp, signIn, signOut } from './helpers';

/**
 * Webhooks, as an operator sets them up: the app's Webhooks page gives the receiver's URL and
 * secret, Turn on makes the URL answer, mesibo's deliveries are accepted with MESIBO OK and
 * listed (a wrong secret refused and listed too), and support sees the deliveries but never
 * the URL or the secret.
 */
test.beforeEach(async ({ page }) => signIn(page, ADMIN.email, ADMIN.password));

test('a cloud-like app: the receiver turned on, a version 1 delivery accepted and listed, a bad secret refused; support sees no secret', async ({
  page,
}) => {
  const { id, tag } = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Development');
  await page.goto(`/apps/${id}/users`);
  await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).first().click();
  await expect(page).toHaveURL(new RegExp(`/apps/${id}/webhooks$`));
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  const url = await page.getByLabel('Receiver URL').inputValue();
  const secret = await page.getByLabel('Secret', { exact: true }).inputValue();
  expect(url).toMatch(/\/webhooks\/mesibo\/[A-Za-z0-9_-]{27,}$/);
  await expect(page.getByText(/plain http or a local name/)).toBeVisible();
  // Off: the URL answers 404.
  const path = new URL(url).pathname;
  expect((await page.request.post(path, { data: { v: 1, secret, events: [] } })).status()).toBe(404);
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('button', { name: 'Turn off' })).toBeVisible();

  const address = `${tag}-online@example.org`;
  const delivery = {
    server: 'mesibo',
    id: 0,
    v: 1,
    aid: 1,
    ts: Date.now(),
    secret,
    events: [{ type: 'user', user: { uid: 1, address }, status: 'online' }],
  };
  const ok = await page.request.post(path, { data: delivery });
  expect([ok.status(), (await ok.text()).trim()]).toEqual([200, 'MESIBO OK']);
  const bad = await page.request.post(path, { data: { ...delivery, secret: 'wrong', ts: Date.now() + 1 } });
  expect(bad.status()).toBe(401);

  await page.reload();
  const rows = page.getByRole('table', { name: /deliveries/i }).getByRole('row');
  await expect(rows.filter({ hasText: 'Accepted' }).filter({ hasText: address })).toBeVisible();
  await expect(rows.filter({ hasText: 'Refused (401): The secret is wrong.' })).toBeVisible();
  // Send test delivery: through the same receiver, listed as a test, no user changed.
  await page.getByRole('button', { name: 'Send test delivery' }).click();
  await expect(page.getByText('Test delivery accepted: the receiver answered 200 MESIBO OK.')).toBeVisible();
  await expect(rows.filter({ hasText: 'Accepted (test)' })).toBeVisible();
  // One delivery opens to its body (the secret as •••) and what it changed; Apply again repairs.
  await rows.filter({ hasText: address }).filter({ hasText: 'Accepted' }).getByRole('link').first().click(); // Received: the delivery (its addresses link to their users)
  await expect(page.getByRole('heading', { name: /^Delivery \d+$/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Body' })).toContainText('"secret": "•••"');
  await expect(page.getByRole('region', { name: 'Body' })).not.toContainText(secret);
  await expect(page.getByRole('region', { name: 'What it changed' })).toContainText(`${address}: online`);
  await page.getByRole('button', { name: 'Apply again' }).click();
  await expect(page.getByText('Applied again: 0 changes')).toBeVisible(); // the same event again: nothing newer
  // The directory learned the address from the webhook, with its presence; version 2 and the
  // legacy form (POST and GET) too.
  const v2 = {
    server: 'mesibo',
    id: 0,
    v: 2,
    aid: 1,
    ts: Date.now(),
    events: [{ type: 'user', user: { uid: 2, address: `${tag}-v2` }, status: 'offline' }],
  };
  expect((await (await page.request.post(path, { data: v2 })).text()).trim()).toBe('MESIBO OK');
  const legacy = await page.request.post(path, {
    form: { secret, uid: '3', aid: '1', from: `${tag}-legacy`, e: '16' },
  });
  expect((await legacy.text()).trim()).toBe('MESIBO OK');
  const get = await page.request.get(`${path}?${new URLSearchParams({ secret, from: `${tag}-get`, e: '0x10' })}`);
  expect((await get.text()).trim()).toBe('MESIBO OK');
  await page.goto(`/apps/${id}/users?q=${tag}-`);
  await expect(page.getByRole('row').filter({ hasText: address })).toContainText('Online');
  await expect(page.getByRole('row').filter({ hasText: `${tag}-v2` })).toContainText('last seen');
  await page.getByLabel('Presence').selectOption('Online now');
  await expect(page.getByRole('row').filter({ hasText: tag })).toHaveCount(3);
  await page.waitForTimeout(500); // past the search box's 300 ms debounce: nothing undoes the filter
  await expect(page).toHaveURL(/presence=online/);
  await expect(page.getByLabel('Search users')).toHaveValue(`${tag}-`); // Online now within the search
  await expect(page.getByRole('table', { name: new RegExp(`Users matching ${tag}-`) })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: `${tag}-v2` })).toHaveCount(0);
  await page.getByRole('link', { name: `${tag}-legacy` }).click();
  await expect(page.getByTestId('presence')).toContainText('Online');
  await page.goto(`/apps/${id}`);
  await expect(page.getByRole('region', { name: 'Webhooks' })).toContainText('3 online now');

  const who = { email: `support-hooks-${Date.now()}@example.com`, password: 'support-password-0123' };
  await createOperator(page, who, 'support');
  await signOut(page);
  await signIn(page, who.email, who.password);
  await page.goto(`/apps/${id}/webhooks`);
  await expect(page.getByText('Only admins and operators see the receiver')).toBeVisible();
  await expect(page.getByLabel('Receiver URL')).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  expect(await page.content()).not.toContain(path);
  // Support sees both: the refusal names the address it carried too (why did this user not change?).
  await expect(rows.filter({ hasText: address }).filter({ hasText: 'Accepted' })).toBeVisible();
  await expect(rows.filter({ hasText: address }).filter({ hasText: 'The secret is wrong.' })).toBeVisible();
});

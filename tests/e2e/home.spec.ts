import { expect, test } from '@playwright/test';
import { CANARY_APP_TOKEN } from '../../playwright.config';

test('the home page shows the default app counts and breach state, and never the app token', async ({
  page,
  request,
}) => {
  // Data created through the Backend API shows up on the page.
  const add = await request.post('/backend', {
    data: { op: 'useradd', token: CANARY_APP_TOKEN, user: { address: 'e2e-user', token: { appid: 'web' } } },
  });
  expect((await add.json()).result).toBe(true);

  const bodies: string[] = [];
  page.on('response', async (response) => {
    bodies.push(JSON.stringify(response.headers()));
    bodies.push(await response.text().catch(() => ''));
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'mesibo-admin' })).toBeVisible();
  const users = page.getByText('Users', { exact: true }).locator('..');
  await expect(users).toContainText('1');
  await expect(page.getByText(/Token breach: none \(\d of 5 addresses in the last 24 hours\)/)).toBeVisible();
  await page.waitForLoadState('networkidle');
  const everything = bodies.join('\n') + (await page.content());
  expect(everything).not.toContain(CANARY_APP_TOKEN);
});

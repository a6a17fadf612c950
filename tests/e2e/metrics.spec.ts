import { expect, test } from '@playwright/test';
import { ADMIN, E2E_METRICS_TOKEN } from '../../playwright.config';
import { signIn } from './helpers';

/** Console actions are counted by name and outcome on GET /metrics (the server's registry, counted from Next's bundle). */
test('a console action shows on /metrics by its name and outcome', async ({ page, request }) => {
  const count = async () => {
    const r = await request.get('/metrics', { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
    expect(r.status()).toBe(200);
    return Number(
      /mesibo_console_actions_total\{action="user.create",outcome="ok"\} (\d+)/.exec(await r.text())?.[1] ?? 0,
    );
  };
  const before = await count();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/apps/1/users');
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Address').fill(`metrics-${Date.now()}`);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('dialog', { name: 'User created' })).toBeVisible();
  expect(await count()).toBe(before + 1);
  expect((await request.get('/metrics')).status()).toBe(401);
});

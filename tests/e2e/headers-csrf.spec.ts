import { expect, test } from '@playwright/test';
import { ADMIN, E2E_BASE_URL } from '../../playwright.config';
import { actionId, backend, signIn } from './helpers';

test('pages send a nonce CSP, frame-ancestors none, nosniff and a referrer policy; nothing violates the CSP', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto('/login');
  const h = response?.headers() ?? {};
  const csp = h['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['x-powered-by']).toBeUndefined();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/users');
  await page.getByRole('button', { name: 'New user' }).click();
  await page.keyboard.press('Escape');
  expect(violations).toEqual([]);
});

test('server actions run only for requests from this origin', async ({ browser, request }) => {
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  const id = actionId('app/(console)/apps/[app]/users/actions.ts', 'createUserAction');
  const host = new URL(E2E_BASE_URL).host;
  const attempt = async (name: string, headers: Record<string, string>) => {
    const address = `csrf-${name}-${Date.now()}`;
    const response = await context.request.post(`${E2E_BASE_URL}/apps/1/users`, {
      headers: { 'Next-Action': id, 'Content-Type': 'text/plain;charset=UTF-8', ...headers },
      data: JSON.stringify([{ app: 1, address }]),
      failOnStatusCode: false,
    });
    const created = (await backend(request, { op: 'usersget', user: { address } })).users.length;
    return { created, status: response.status() };
  };
  const refused = { created: 0, status: 403 };
  expect(await attempt('foreign', { Origin: 'https://evil.example' })).toEqual(refused);
  expect(await attempt('null', { Origin: 'null' })).toEqual(refused);
  expect(await attempt('malformed', { Origin: 'http//::not a url' })).toEqual(refused);
  expect(await attempt('missing', {})).toEqual(refused);
  expect(await attempt('forwarded', { Origin: 'https://evil.example', 'X-Forwarded-Host': 'evil.example' })).toEqual(
    refused,
  );
  // The same request from this origin does run: the refusals above are the Origin's doing.
  expect(await attempt('same', { Origin: E2E_BASE_URL, Host: host })).toEqual({ created: 1, status: 200 });
  // A GET to an action path executes nothing.
  const address = `csrf-get-${Date.now()}`;
  await context.request.get(`${E2E_BASE_URL}/apps/1/users?address=${address}`, { headers: { 'Next-Action': id } });
  expect((await backend(request, { op: 'usersget', user: { address } })).users).toEqual([]);
  await context.close();
});

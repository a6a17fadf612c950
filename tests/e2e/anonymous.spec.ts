import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { ADMIN, E2E_BASE_URL } from '../../playwright.config';
import { backend, signIn } from './helpers';

/** Every server action in the production build, posted without a session: all refused, all audited, nothing changed. */
test('anonymous sweep over every server action in the build', async ({ request, page }) => {
  const manifest = JSON.parse(fs.readFileSync('.next/server/server-reference-manifest.json', 'utf8'));
  const ids = Object.keys(manifest.node);
  expect(ids.length).toBeGreaterThan(10);
  const before = await backend(request, { op: 'stats' });
  // Each action with the default app's id and with an id no app has.
  for (const [id, app] of ids.flatMap((i) => [[i, 1] as const, [i, 999999] as const])) {
    const r = await request.post(`${E2E_BASE_URL}/apps/1`, {
      headers: { 'Next-Action': id, 'Content-Type': 'text/plain;charset=UTF-8', Origin: E2E_BASE_URL },
      data: JSON.stringify([
        {
          app,
          address: 'anon-sweep',
          name: 'x',
          gid: 1,
          email: 'anon@example.com',
          role: 'admin',
          password: 'anon-password-123',
          from: 'anon-sweep',
          to: 'anon-sweep',
          message: 'x',
          flags: [],
        },
      ]),
      maxRedirects: 0,
      failOnStatusCode: false,
    });
    expect(r.status(), id).toBeLessThan(500);
  }
  const after = await backend(request, { op: 'stats' });
  expect({ ...after.stats, breach: undefined }).toEqual({ ...before.stats, breach: undefined });
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/audit?operator=anonymous&action=authz.denied');
  await expect(page.getByRole('row').filter({ hasText: 'anonymous' }).first()).toBeVisible();
  // Every one of them (more than a page of the log): one entry each, the two posts of one counted on its row.
  const csv = await (await page.request.get('/api/audit/export?operator=anonymous&action=authz.denied')).text();
  const denied = csv.trim().split('\n').length - 1;
  expect(denied).toBeGreaterThanOrEqual(ids.length);
  await page.goto('/operators');
  await expect(page.getByRole('row').filter({ hasText: 'anon@example.com' })).toHaveCount(0);
});

test('no protected data without a session, whatever the request claims to be', async ({ request }) => {
  await backend(request, { op: 'useradd', user: { address: 'bypass-secret-user', name: 'Bypass Secret' } });
  const attempts: [string, Record<string, string>][] = [
    ['/users', { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' }],
    ['/users', { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' }],
    ['/users', { RSC: '1' }],
    ['/users', { RSC: '1', 'Next-Router-Prefetch': '1' }],
    ['/users?_rsc=abc', { RSC: '1', 'Next-Router-State-Tree': '%5B%22%22%5D' }],
    ['/%75sers', {}],
    ['//users', {}],
    ['/users/', {}],
    ['/users/bypass-secret-user', { RSC: '1' }],
    ['/apps/1/users', { RSC: '1' }],
    ['/apps/1/users/bypass-secret-user', {}],
    ['/apps/01/users', {}],
    ['/apps/1/users?_rsc=abc', { RSC: '1', 'Next-Router-State-Tree': '%5B%22%22%5D' }],
    [
      '/api/apps/1/users?q=bypass',
      { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
    ],
    ['/api/apps/1/users/?q=bypass', {}],
    ['/api//users?q=bypass', {}],
    ['/api/apps/1/messages', { RSC: '1' }],
    ['/audit', { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' }],
  ];
  for (const [path, headers] of attempts) {
    const r = await request.get(`${E2E_BASE_URL}${path}`, { headers, maxRedirects: 0, failOnStatusCode: false });
    // The sign-in redirect may repeat the requested path; anything else naming the user is a leak.
    const body = (await r.text()).replace(/next=[^"'&\s]*/g, '');
    expect(body, `${path} ${JSON.stringify(headers)}`).not.toContain('bypass-secret-user');
    expect(body).not.toContain('Bypass Secret');
  }
});

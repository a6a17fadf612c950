import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page, test } from '@playwright/test';
import { ADMIN } from '../../playwright.config';
import { backend, createOperator, openMenuIfNarrow, signIn } from './helpers';

/**
 * Every console page, its dialogs, and its empty and error states, checked by axe-core
 * (WCAG 2.1 A and AA rules) in light and dark mode, at desktop width and at 360 px.
 * Serious and critical findings fail the test, each named with the elements at fault.
 */
const axeSource = fs.readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

type Finding = { id: string; impact: string; help: string; nodes: { target: string[] }[] };

async function violations(page: Page, where: string): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's strict CSP does not apply to it;
  // once per document.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found: Finding[] = await page.evaluate(async () => {
    const axe = (window as any).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations;
  });
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.help}) at ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

test('every page, dialog and state passes axe (WCAG 2.1 AA), light and dark, wide and narrow', async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000);
  const address = `a11y-${Date.now()}`;
  await backend(request, { op: 'useradd', user: { address, name: 'Ada', token: { appid: 'web' } } });
  const gid = (await backend(request, { op: 'groupadd', group: { name: 'a11y group', members: { m: address } } })).group
    .gid;
  await backend(request, { op: 'message', message: { from: address, gid, message: 'hello' } });
  // An operator whose App access dialog can open (admins have none).
  const setup = await browser.newPage();
  await signIn(setup, ADMIN.email, ADMIN.password);
  await createOperator(setup, { email: `a11y-${Date.now()}@example.com`, password: 'a11y-operator-pass-1' }, 'viewer');
  await setup.close();

  const pages = [
    '/',
    '/users',
    '/users?q=no-such-prefix-at-all',
    `/users/${address}`,
    '/users/no-such-user',
    '/groups',
    `/groups/${gid}`,
    '/groups/999999',
    '/messages',
    '/audit',
    '/operators',
    '/apps',
    '/apps/1/settings',
    '/apps/1/messages?from=nobody',
    '/apps/1?range=24h',
    '/apps/1/webhooks',
    '/jobs',
    '/jobs/999999',
    '/account',
    '/operators/1/sessions',
  ];
  const dialogs: { url: string; open: string }[] = [
    { url: '/users', open: 'New user' },
    { url: '/users', open: 'Import users' },
    { url: `/users/${address}`, open: 'Generate token' },
    { url: `/users/${address}`, open: 'Delete user' },
    { url: '/groups', open: 'New group' },
    { url: `/groups/${gid}`, open: 'Delete group' },
    { url: `/groups/${gid}`, open: 'Import members' },
    { url: '/operators', open: 'New operator' },
    { url: '/operators', open: 'App access' },
    { url: '/account', open: 'Change password' },
    { url: '/account', open: 'Turn on two-factor' },
    { url: '/apps', open: 'New app' },
    { url: '/apps/1/settings', open: 'Disable app' },
    { url: '/apps/1/webhooks', open: 'New URL' },
  ];
  const all: string[] = [];
  // Each page is loaded once per width and checked in light, then in dark mode (the same
  // document, its colour scheme switched): colours are checked in both, structure at both widths.
  const bothModes = async (page: Page, where: string) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      // Let colour transitions end: axe measures colours as they are painted.
      await page.waitForTimeout(colorScheme === 'dark' ? 250 : 0);
      all.push(...(await violations(page, `${colorScheme} ${where}`)));
    }
  };
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 360, height: 740 },
  ]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const width = `${viewport.width}px`;
    await page.goto('/login');
    await bothModes(page, `${width} /login`);
    await signIn(page, ADMIN.email, ADMIN.password);
    for (const url of pages) {
      await page.goto(url);
      await page.waitForLoadState('networkidle');
      await bothModes(page, `${width} ${url}`);
    }
    // The phone menu, open.
    if (viewport.width < 1024) {
      await openMenuIfNarrow(page);
      await bothModes(page, `${width} menu open`);
    }
    for (const d of dialogs) {
      await page.goto(d.url);
      await page.emulateMedia({ colorScheme: 'light' });
      await page.getByRole('button', { name: d.open }).first().click();
      // Turn on two-factor opens in place (its QR code), every other one a dialog.
      if (d.open === 'Turn on two-factor') await expect(page.getByLabel('Setup key')).toBeVisible();
      else await expect(page.getByRole('dialog')).toBeVisible();
      // Let the opening animation end.
      await page.waitForTimeout(300);
      await bothModes(page, `${width} ${d.url} dialog "${d.open}"`);
    }
    await context.close();
  }
  expect(all, all.join('\n')).toEqual([]);
});

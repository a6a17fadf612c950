import { expect, type Page, test } from '@playwright/test';
import { ADMIN } from '../../playwright.config';
import { appMenu, backend, signIn } from './helpers';

/**
 * The console as operators found it (issue 10): on a phone, the header's Menu and pages that
 * never scroll sideways; a header of one height everywhere; long addresses that break only at
 * sensible points; group behaviour as choices that cannot contradict; refusals in the
 * console's own words, on the field at fault, with a link to what they name.
 */

const PAGES = (address: string, gid: number) => [
  '/',
  '/users',
  `/users/${encodeURIComponent(address)}`,
  '/groups',
  `/groups/${gid}`,
  '/messages',
  '/audit',
  '/operators',
];

async function seed(request: import('@playwright/test').APIRequestContext) {
  const tag = `ph${Date.now()}`;
  const address = `${tag}.with.a.rather.long.address@example-company.com`;
  await backend(request, {
    op: 'useradd',
    user: { address, name: 'Alice Averyveryverylongfamilyname', token: { appid: 'com.example.averyverylongappid' } },
  });
  const gid = (await backend(request, { op: 'groupadd', group: { name: `Team ${tag}`, members: { m: address } } }))
    .group.gid;
  const text = `${tag} a message long enough to wrap on a phone screen instead of pushing the page sideways`;
  await backend(request, { op: 'message', message: { from: address, gid, message: text } });
  return { address, gid, text };
}

/** Where the lines of an element's text break: the characters just before and after each break. */
async function lineBreaks(page: Page, selector: string) {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const breaks: string[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let last: { top: number; char: string } | undefined;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const top = range.getBoundingClientRect().top;
          if (last && top > last.top + 2) breaks.push(`${last.char}|${text[i]}`);
          last = { top, char: text[i] };
        }
      }
      return breaks;
    });
}

test('a phone: the header is one row with Menu, and no page scrolls sideways', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { address, gid, text } = await seed(request);
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme });
    const page = await context.newPage();
    await signIn(page, ADMIN.email, ADMIN.password);
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    const heights = new Set<number>();
    for (const path of PAGES(address, gid)) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const { scrollWidth, width, header } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        width: window.innerWidth,
        header: document.querySelector('header')?.getBoundingClientRect().height ?? 0,
      }));
      expect(scrollWidth, `${colorScheme} ${path} scrolls sideways`).toBeLessThanOrEqual(width);
      heights.add(Math.round(header));
      await expect(nav).toBeHidden();
      await expect(menu).toHaveAttribute('aria-expanded', 'false');
    }
    expect([...heights], 'one header height on every page').toHaveLength(1);
    expect([...heights][0]).toBeLessThan(70);

    // The message text and the audit outcome are within the screen's width, not off to the right.
    const withinWidth = async (locator: import('@playwright/test').Locator) => {
      await locator.scrollIntoViewIfNeeded();
      const box = await locator.boundingBox();
      expect(
        box && box.x >= 0 && box.x + box.width <= 360,
        `${await locator.textContent()} at ${JSON.stringify(box)}`,
      ).toBe(true);
    };
    await page.goto('/messages');
    await withinWidth(page.getByText(text));
    await page.goto('/audit');
    await withinWidth(
      page
        .getByRole('row')
        .nth(1)
        .getByText(/^(ok|denied|failed|invalid)/)
        .first(),
    );

    // Menu: the links keep their names; following one closes it; Escape closes it too.
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Account' })).toBeVisible();
    await nav.getByRole('link', { name: 'Groups', exact: true }).click();
    await expect(page).toHaveURL(/\/groups$/);
    await expect(nav).toBeHidden();
    await menu.click();
    await page.keyboard.press('Escape');
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();
    await context.close();
  }
});

test('wide screens: navigation and account controls in one header row of one height', async ({ page, request }) => {
  const { address, gid } = await seed(request);
  await signIn(page, ADMIN.email, ADMIN.password);
  const heights = new Set<number>();
  for (const path of PAGES(address, gid)) {
    await page.goto(path);
    await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toBeVisible();
    heights.add(
      await page.evaluate(() => Math.round(document.querySelector('header')?.getBoundingClientRect().height ?? 0)),
    );
  }
  expect([...heights]).toHaveLength(1);
  // At 1024 px, the narrowest width without Menu, an admin's full row (App, seven links, account) fits.
  await page.setViewportSize({ width: 1024, height: 800 });
  for (const path of ['/apps/1/users', '/operators']) {
    await page.goto(path);
    await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
    await expect(appMenu(page)).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBe(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  // Nothing in the row covers a link: each one takes a real click (Playwright checks what receives it).
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of await nav.getByRole('link').allTextContents()) {
    await nav.getByRole('link', { name, exact: true }).click({ timeout: 5000 });
    await expect(nav.getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
  }
});

test('long addresses break only after "@" or before a dot, dash or underscore', async ({ browser, request }) => {
  const { address } = await seed(request);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(`/users?q=${encodeURIComponent(address)}`);
  const cell = page.getByRole('link', { name: address });
  await expect(cell).toBeVisible();
  const breaks = await lineBreaks(page, `a[href="/apps/1/users/${encodeURIComponent(address)}"]`);
  expect(breaks.length).toBeGreaterThan(0); // it is too long for one line at 360 px
  for (const b of breaks) expect(b, `breaks at ${b}`).toMatch(/^@\||^.\|[._-]$/);
  // Copying gives the address unchanged.
  expect(await cell.textContent()).toBe(address);
  await context.close();
});

test('group behaviour: three choices and two switches; contradictory stored flags are named and resolved by Save', async ({
  page,
  request,
}) => {
  // 0x1 and 0x2 together: the API accepts it (mesibo compatibility), the console names it.
  const created = await backend(request, {
    op: 'groupadd',
    group: { name: `Conflict ${Date.now()}`, flags: 0x3 | 0x40 },
  });
  expect(created.result).toBe(true);
  const gid = created.group.gid;
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(`/groups/${gid}`);
  await expect(page.getByText("This group's stored flags contradict each other.")).toBeVisible();
  await expect(
    page.getByText(/"Members with send permission" \(flag 0x1\) and "Anyone, including non-members" \(flag 0x2\)/),
  ).toBeVisible();
  // The form shows what mesibo applies: 0x2 wins.
  await expect(page.getByLabel('Who can send')).toHaveValue('anyone');
  await expect(page.getByLabel('Who receives')).toHaveValue('members');
  await expect(page.getByLabel('Delivery')).toHaveValue('every');
  await expect(page.getByLabel('Do not store messages')).toBeChecked();
  await page.getByLabel('Delivery').selectOption({ label: 'One member in turn' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Group saved')).toBeVisible();
  await expect(page.getByText("This group's stored flags contradict each other.")).toBeHidden();
  const stored = (await backend(request, { op: 'groupsget', group: { name: created.group.name } })).groups[0];
  expect(stored.flags).toBe(0x2 | 0x20 | 0x40);
});

test('refusals in the console’s words: a deactivated sender, a missing group, a missing user', async ({
  page,
  request,
}) => {
  const tag = `w${Date.now()}`;
  await backend(request, { op: 'useradd', user: { address: `${tag}-off`, active: false } });
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto('/messages');
  const send = page.getByRole('form', { name: 'Send message' });
  await send.getByLabel('From').fill(`${tag}-off`);
  await send.getByLabel('To').fill(`${tag}-off`);
  await send.getByLabel('Message').fill('hi');
  await send.getByRole('button', { name: 'Send message' }).click();
  await expect(send.getByLabel('From')).toHaveAccessibleDescription(
    new RegExp(`^"${tag}-off" is deactivated and cannot send\\. Open ${tag}-off`),
  );
  await send.getByRole('link', { name: `Open ${tag}-off` }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${tag}-off$`));

  await page.goto('/messages');
  await send.getByLabel('From').fill(`${tag}-ghost`);
  await send.getByLabel('To').fill(`${tag}-off`);
  await send.getByLabel('Message').fill('hi');
  await send.getByRole('button', { name: 'Send message' }).click();
  await expect(send.getByLabel('From')).toHaveAccessibleDescription(
    new RegExp(`^There is no user "${tag}-ghost" in this app\\.`),
  );

  await send.getByLabel('From').fill(`${tag}-off`);
  await send.getByLabel('To').fill('');
  await send.getByLabel('Group').fill('987654321');
  await send.getByRole('button', { name: 'Send message' }).click();
  await expect(send.getByLabel('Group')).toHaveAccessibleDescription(/There is no group 987654321 in this app\./);
  for (const apiWords of ['op "', 'useradd', 'groupsget', 'Create the user first'])
    await expect(page.getByRole('main')).not.toContainText(apiWords);
});

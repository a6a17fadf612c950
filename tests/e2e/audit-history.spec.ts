import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { ADMIN, E2E_BASE_URL } from '../../playwright.config';
import { backend, createOperator, signIn } from './helpers';

/**
 * Issue 26: a member's permissions changed say what changed; a user's, a group's and an
 * operator's History lead to the audit log filtered to them; the log is filtered by target (in
 * any case), by outcome and by a range of days in the operator's time zone; the CSV follows.
 */
test('History of a group and of a member: their permission change, by target, by days, by outcome, in the CSV', async ({
  browser,
  request,
}) => {
  // A zone far from UTC: the days of the range are the operator's.
  const context = await browser.newContext({
    baseURL: E2E_BASE_URL,
    timezoneId: 'Pacific/Kiritimati',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await signIn(page, ADMIN.email, ADMIN.password);
  const tag = `h${Date.now()}`;
  const [ann, ben] = ['ann', 'ben'].map((n) => `${n}.${tag}@example.org`);
  for (const address of [ann, ben]) await backend(request, { op: 'useradd', user: { address } });
  const crew = await backend(request, {
    op: 'groupadd',
    group: { name: `Crew ${tag}`, members: { m: [ann, ben] } },
  });
  const gid = crew.group.gid;

  await page.goto(`/apps/1/groups/${gid}`);
  await page.getByRole('row').filter({ hasText: ben }).getByRole('switch', { name: 'Can send' }).uncheck();
  await expect(page.getByText(`Permissions of ${ben} updated`)).toBeVisible();

  // The group's History: everything done to it, its member's permissions among them.
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?app=1&target=gid\\+${gid}$`));
  const log = page.getByRole('table', { name: 'Audit log, newest first' });
  const change = log.getByRole('row').filter({ hasText: 'group.member.permissions' });
  await expect(change).toHaveCount(1);
  await expect(change).toContainText('can send: true → false');
  await expect(change.getByRole('link', { name: ben })).toHaveAttribute(
    'href',
    `/apps/1/users/${encodeURIComponent(ben)}`,
  );
  await expect(log).not.toContainText('group.update'); // nothing else was done to it

  // The member's History, and the same found by typing the address in another case.
  await page.goto(`/apps/1/users/${encodeURIComponent(ben)}`);
  await page.getByRole('link', { name: 'History' }).click();
  await expect(log.getByRole('row').filter({ hasText: 'can send: true → false' })).toHaveCount(1);
  const filter = page.getByRole('form', { name: 'Filter audit log' });
  await filter.getByLabel('Target').fill(ben.toUpperCase());
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/target=BEN/);
  await expect(log.getByRole('row').filter({ hasText: 'can send: true → false' })).toHaveCount(1);
  await filter.getByLabel('Target').fill(ann);
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No audit entries match this filter')).toBeVisible();

  // Days in the operator's zone (UTC+14): today there holds the change, the day before does not.
  await filter.getByLabel('Target').fill(`gid ${gid}`);
  const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Pacific/Kiritimati' });
  const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Pacific/Kiritimati' });
  const byDays = async (since: string, until: string) => {
    await filter.getByLabel('From date').fill(since);
    await filter.getByLabel('To date').fill(until);
    await filter.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(new RegExp(`since=${since}&until=${until}`));
  };
  await byDays(yesterday, yesterday);
  await expect(page.getByText('No audit entries match this filter')).toBeVisible();
  await byDays(today, yesterday);
  await expect(filter.getByLabel('To date')).toHaveAttribute('aria-invalid', 'true');
  await expect(filter).toContainText(`To date (${yesterday}) is before From date (${today}).`);
  await byDays(yesterday, today);
  await expect(change).toHaveCount(1);
  await filter.getByLabel('Outcome').selectOption('denied');
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No audit entries match this filter')).toBeVisible();
  await filter.getByLabel('Outcome').selectOption('ok');
  await filter.getByRole('button', { name: 'Filter' }).click();
  await expect(change).toHaveCount(1);

  // The CSV is what the filter shows, the change column with it.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const lines = fs
    .readFileSync((await (await download).path()) ?? '', 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(',can send: true → false,');
  await context.close();
});

test("an operator's History: what was done to the account, its e-mail on one line at 1280 px", async ({
  page,
  browser,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, ADMIN.email, ADMIN.password);
  const stamp = Date.now();
  const who = `history.of.a.rather.long.operator.name.${stamp}@support.example.com`;
  const password = `Pw-${stamp}-long-enough`;
  await createOperator(page, { email: who, password });
  const row = page.getByRole('row').filter({ hasText: who });
  await row.getByLabel(`Role of ${who}`).selectOption('viewer');
  await page.getByRole('dialog', { name: 'Change role' }).getByRole('button', { name: 'Change role' }).click();
  await expect(row.getByLabel(`Role of ${who}`)).toHaveValue('viewer');
  // The operator signs in once: an entry whose Operator is its long e-mail.
  const theirs = await browser.newContext({ baseURL: E2E_BASE_URL });
  await signIn(await theirs.newPage(), who, password);
  await theirs.close();

  await page.goto('/operators');
  // (exact: the row's "Sessions of history.of.…" link holds the word too)
  await row.getByRole('link', { name: 'History', exact: true }).click();
  const log = page.getByRole('table', { name: 'Audit log, newest first' });
  await expect(log.getByRole('row').filter({ hasText: 'operator.update' })).toContainText('role: "support" → "viewer"');
  await expect(log.getByRole('row').filter({ hasText: 'operator.create' })).toHaveCount(1);
  const signedIn = log.getByRole('row').filter({ hasText: 'auth.signin' });
  await expect(signedIn).toHaveCount(1);
  // Its e-mail in the Operator column is one line (the role on the next).
  const lines = await signedIn
    .getByRole('cell')
    .nth(2)
    .evaluate((td) => {
      const range = document.createRange();
      range.setStart(td, 0);
      range.setEndBefore(td.querySelector('span') ?? td);
      // (A <wbr> has a box of no width; only the text's boxes are lines.)
      const boxes = [...range.getClientRects()].filter((r) => r.width > 0);
      return new Set(boxes.map((r) => Math.round(r.top))).size;
    });
  expect(lines).toBe(1);
  // And the page itself fits 1280 px: the header's row gives before it overflows.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  const app = await page.getByRole('button', { name: /^App / }).boundingBox();
  const nav = await page.getByRole('navigation', { name: 'Main' }).boundingBox();
  expect((app?.x ?? 0) + (app?.width ?? 0)).toBeLessThanOrEqual(nav?.x ?? 0); // App never covers Overview
});

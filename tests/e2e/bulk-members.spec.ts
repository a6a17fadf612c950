import { expect, type Page, test } from '@playwright/test';
import { ADMIN, CLOUD_BACKEND_URL } from '../../playwright.config';
import { backend, remoteApp, signIn } from './helpers';

/**
 * Issue 27, a group's members: how many ("Members (250)"), page numbers with Last page, a filter
 * by address prefix in any case, a checkbox per row and "all N", Remove N members and Can send /
 * Can receive for them (up to 100 at once, more as a job), each change in the audit log. On a
 * bundled app (the backend numbers and filters members) and a cloud-like one (the console reads
 * them in order, and says so).
 */
type Call = (body: Record<string, unknown>) => Promise<Record<string, any>>;

/** `count` users "<prefix>-a.NNN" then "<prefix>-b.NNN" (half each, mixed case), all in a new group; its gid. */
async function bigGroup(call: Call, prefix: string, count: number) {
  const addresses = Array.from(
    { length: count },
    (_, i) => `${prefix}-${i < count / 2 ? 'A' : 'b'}.${String(i).padStart(3, '0')}@Example.org`,
  );
  for (let i = 0; i < count; i += 25)
    await Promise.all(addresses.slice(i, i + 25).map((address) => call({ op: 'useradd', user: { address } })));
  const gid = (await call({ op: 'groupadd', group: { name: `Big ${prefix}` } })).group.gid as number;
  await call({ op: 'groupeditmembers', group: { gid, members: { m: addresses } } });
  return { gid, addresses };
}

const membersTable = (page: Page, gid: number) => page.getByRole('table', { name: `Members of group ${gid}` });

test('a 250-member group: its count, the last page in one click, a filter in any case, all it matches switched off as a job', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const tag = `mbr${Date.now()}`;
  const { gid, addresses } = await bigGroup((body) => backend(request, body), tag, 250);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(`/apps/1/groups/${gid}`);
  await expect(page.getByRole('heading', { name: 'Members (250)' })).toBeVisible();
  const table = membersTable(page, gid);
  await expect(table.getByRole('row')).toHaveCount(101);
  const pages = page.getByRole('navigation', { name: 'Pages' });
  // Keyboard users skip the 100 rows' controls to the page numbers.
  await page.getByRole('link', { name: 'Skip to page numbers' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(pages.getByRole('button', { name: 'Page 1' })).toBeFocused();
  await pages.getByRole('button', { name: 'Last page' }).click();
  await expect(pages.getByRole('button', { name: 'Page 3' })).toHaveAttribute('aria-current', 'page');
  await expect(table.getByRole('row')).toHaveCount(51);
  await expect(table.getByRole('row').last()).toContainText(addresses[249]);
  await expect(pages.getByRole('button', { name: 'Last page' })).toBeDisabled();
  await pages.getByRole('button', { name: 'Page 2' }).click();
  await expect(table.getByRole('row').nth(1)).toContainText(addresses[100]);

  // The B half, typed in another case: 125 members, over two pages.
  await page.getByLabel('Filter members by address').fill(`${tag.toUpperCase()}-B`);
  await expect(page.getByRole('status').filter({ hasText: 'starts with' })).toHaveText(
    `125 members whose address starts with “${tag.toUpperCase()}-B”.`,
  );
  await expect(table.getByRole('row').nth(1)).toContainText(addresses[125]);
  await table.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
  const bar = page.getByRole('region', { name: 'Selection' });
  await expect(bar).toContainText('100 selected');
  await bar.getByRole('button', { name: 'Select all 125 matching members' }).click();
  await expect(bar).toContainText(`All 125 members whose address starts with “${tag.toUpperCase()}-B” selected`);
  await bar.getByRole('button', { name: 'Can send: off' }).click();
  const dialog = page.getByRole('dialog', { name: 'Turn Can send off' });
  await expect(dialog).toContainText(`Turn Can send off for 125 members of group ${gid}`);
  await expect(dialog).toContainText('It runs as a job');
  await dialog.getByRole('button', { name: 'Turn Can send off for 125 members' }).click();
  await page.waitForURL(/\/jobs\/\d+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Done' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('125 of 125 rows · 125 ok, 0 skipped, 0 failed')).toBeVisible();
  const members = (await backend(request, { op: 'groupgetmembers', group: { gid }, page: 2, count: 100 })).members;
  // Page 2 is members 100 to 199: the A half (to 124) still sends, the B half no longer.
  expect(members.map((m: { permissions: { send: boolean } }) => m.permissions.send)).toEqual(
    Array.from({ length: 100 }, (_, i) => i + 100 < 125),
  );

  // One entry per member, naming the job, and the job's end, exactly.
  await page.goto(
    `/audit?app=1&target=${encodeURIComponent(addresses[200].toLowerCase())}&action=group.member.permissions`,
  );
  const entry = page.getByRole('table', { name: 'Audit log, newest first' }).getByRole('row').nth(1);
  await expect(entry).toContainText('can send: true → false');
  await expect(entry).toContainText(/job \d+/);
  await page.goto('/audit?app=1&action=members.bulk.end');
  await expect(page.getByRole('row').filter({ hasText: 'Done: 125 of 125 can no longer send.' }).first()).toBeVisible();
});

test('Remove 3 members of a selection: the outcome said at once, the count and the list follow', async ({
  page,
  request,
}) => {
  const tag = `mbrm${Date.now()}`;
  const { gid, addresses } = await bigGroup((body) => backend(request, body), tag, 12);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto(`/apps/1/groups/${gid}`);
  await expect(page.getByRole('heading', { name: 'Members (12)' })).toBeVisible();
  const table = membersTable(page, gid);
  for (const a of addresses.slice(0, 3)) await table.getByRole('checkbox', { name: `Select ${a}` }).check();
  const bar = page.getByRole('region', { name: 'Selection' });
  await bar.getByRole('button', { name: 'Remove 3 members' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove members' });
  await expect(dialog).toContainText(`Remove 3 members from group ${gid}: they stop receiving its messages.`);
  await dialog.getByRole('button', { name: 'Remove 3 members' }).click();
  await expect(page.getByText('3 of 3 members removed')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Members (9)' })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(10);
  await expect(table).not.toContainText(addresses[0]);
});

test('a cloud-like app: members read in order and said so, the last page reached, a filter over them, Can receive off for all', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN.email, ADMIN.password);
  const app = await remoteApp(page, `${CLOUD_BACKEND_URL}/backend`, 'Development');
  const real: Call = async (body) =>
    (await page.request.post('/backend', { data: { token: app.token, ...body } })).json();
  const tag = `mbcl${Date.now()}`;
  const { gid, addresses } = await bigGroup(real, tag, 230);
  await page.goto(`/apps/${app.id}/groups/${gid}`);
  const table = membersTable(page, gid);
  await expect(table.getByRole('row')).toHaveCount(101);
  await expect(page.getByRole('status').filter({ hasText: 'reads them in order' })).toContainText(
    "This app's backend cannot count members: the console reads them in order, 100 so far.",
  );
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Last page' }).click();
  await expect(page.getByRole('button', { name: 'Page 3' })).toHaveAttribute('aria-current', 'page');
  await expect(table.getByRole('row').last()).toContainText(addresses[229]);
  await expect(page.getByRole('heading', { name: 'Members (230)' })).toBeVisible();

  await page.getByLabel('Filter members by address').fill(`${tag}-a.00`);
  await expect(page.getByRole('status').filter({ hasText: 'starts with' })).toHaveText(
    `10 members whose address starts with “${tag}-a.00” (filtered here: the backend cannot filter members).`,
  );
  await table.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
  const bar = page.getByRole('region', { name: 'Selection' });
  await bar.getByRole('button', { name: 'Can receive: off' }).click();
  const dialog = page.getByRole('dialog', { name: 'Turn Can receive off' });
  await dialog.getByRole('button', { name: 'Turn Can receive off for 10 members' }).click();
  await expect(page.getByText('10 of 10 members can no longer receive')).toBeVisible();
  const members = (await real({ op: 'groupgetmembers', group: { gid }, count: 10 })).members;
  expect(members.map((m: { permissions: { recv: boolean } }) => m.permissions.recv)).toEqual(Array(10).fill(false));
  await expect(table.getByRole('switch', { name: `Can receive: ${addresses[0]}` })).not.toBeChecked();
});

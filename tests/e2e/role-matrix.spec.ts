import { type APIRequestContext, type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { can, type Permission, ROLES, type Role } from '../../lib/console/roles';
import { ADMIN, E2E_BASE_URL } from '../../playwright.config';
import { actionId, appMenu, backend, createOperator, limitedOperator, signIn } from './helpers';

/**
 * Every server action, as every role, straight to the server: refused exactly when the role
 * table says so, also with extra fields the form does not send, and when a request captured
 * from one role is replayed with another role's cookie.
 */
type Case = {
  file: string;
  name: string;
  args: Record<string, unknown>;
  needs: Permission[];
  /** Invalid input: refused as forbidden unless the role holds one of these (the role is checked first). */
  anyOf?: Permission[];
};
const U = 'app/(console)/apps/[app]/users/actions.ts';
const G = 'app/(console)/apps/[app]/groups/actions.ts';
const M = 'app/(console)/apps/[app]/messages/actions.ts';
const O = 'app/(console)/operators/actions.ts';
const AC = 'app/(console)/account/actions.ts';
const A = 'app/(console)/apps/actions.ts';
const J = 'app/(console)/jobs/actions.ts';
const W = 'app/(console)/apps/[app]/webhooks/actions.ts';
const B = 'app/(console)/apps/[app]/users/bulk-actions.ts';
const GB = 'app/(console)/apps/[app]/groups/bulk-actions.ts';
const BULK: Permission[] = ['users.activate', 'tokens.manage', 'groups.edit', 'users.edit'];
const CASES: Case[] = [
  // Webhooks: the receiver's settings, its test delivery and Apply again are for admins and operators.
  { file: W, name: 'changeWebhookAction', args: { app: 1, versions: '1,2' }, needs: ['webhooks.manage'] },
  { file: W, name: 'sendTestDeliveryAction', args: { app: 1 }, needs: ['webhooks.manage'] },
  { file: W, name: 'applyAgainAction', args: { app: 1, id: 999999 }, needs: ['webhooks.manage'] },
  { file: U, name: 'createUserAction', args: { app: 1, address: 'matrix-exists' }, needs: ['users.edit'] },
  {
    file: U,
    name: 'createUserAction',
    args: { app: 1, address: 'matrix-exists', appid: 'web' },
    needs: ['users.edit', 'tokens.manage'],
  },
  {
    file: U,
    name: 'saveUserAction',
    args: { app: 1, address: 'matrix-none', name: 'x', role: 'admin' },
    needs: ['users.edit'],
  },
  {
    file: U,
    name: 'saveUserAction',
    args: { app: 1, address: 'matrix-none', active: false },
    needs: ['users.activate'],
  },
  // Invalid input: a role that may not use the action learns nothing about it (no field errors).
  { file: U, name: 'createUserAction', args: { app: 1, address: '', appid: 'web' }, needs: [], anyOf: ['users.edit'] },
  {
    file: U,
    name: 'saveUserAction',
    args: { app: 1, address: '' },
    needs: [],
    anyOf: ['users.edit', 'users.activate'],
  },
  {
    file: U,
    name: 'deleteUserAction',
    args: { app: 1, address: 'matrix-none', confirm: 'matrix-none' },
    needs: ['users.edit'],
  },
  {
    file: U,
    name: 'generateTokenAction',
    args: { app: 1, address: 'matrix-none', appid: 'web', appId: 99 },
    needs: ['tokens.manage'],
  },
  {
    file: U,
    name: 'removeTokenAction',
    args: { app: 1, address: 'matrix-none', appid: 'web' },
    needs: ['tokens.manage'],
  },
  // Import users: operators and admins (no such draft here: refused as not found, never forbidden).
  {
    file: U,
    name: 'startImportAction',
    args: { app: 1, job: 999999, mode: 'backend', skipInvalid: false },
    needs: ['users.edit'],
  },
  // Bulk actions on users: each needs what its single action needs (a draft of one unknown
  // address changes nothing; no group 999999: not found; no draft 999999: not found).
  {
    file: B,
    name: 'prepareUsersBulkAction',
    args: { app: 1, kind: 'deactivate', addresses: ['matrix-none'] },
    needs: ['users.activate'],
  },
  {
    file: B,
    name: 'prepareUsersBulkAction',
    args: { app: 1, kind: 'removeToken', appid: 'web', addresses: ['matrix-none'] },
    needs: ['tokens.manage'],
  },
  {
    file: B,
    name: 'prepareUsersBulkAction',
    args: { app: 1, kind: 'addToGroup', gid: 999999, addresses: ['matrix-none'] },
    needs: ['groups.edit'],
  },
  {
    file: B,
    name: 'prepareUsersBulkAction',
    args: { app: 1, kind: 'delete', addresses: ['matrix-none'] },
    needs: ['users.edit'],
  },
  { file: B, name: 'prepareUsersBulkAction', args: { app: 1, kind: 'removeToken' }, needs: [], anyOf: BULK },
  { file: B, name: 'startUsersBulkAction', args: { app: 1, job: 999999 }, needs: [], anyOf: BULK },
  // Bulk actions on members: operators and admins, as each row's switch and Remove.
  {
    file: GB,
    name: 'prepareMembersBulkAction',
    args: { app: 1, gid: 999999, kind: 'remove', addresses: ['matrix-none'] },
    needs: ['groups.edit'],
  },
  { file: GB, name: 'startMembersBulkAction', args: { app: 1, job: 999999 }, needs: ['groups.edit'] },
  // Import members: operators and admins (no such draft: not found, never forbidden).
  {
    file: G,
    name: 'startMembersImportAction',
    args: { app: 1, job: 999999, gid: 1, addUnknown: false, skipInvalid: false },
    needs: ['groups.edit'],
  },
  { file: G, name: 'createGroupAction', args: { app: 1, name: '', flags: [] }, needs: ['groups.edit'] },
  { file: G, name: 'saveGroupAction', args: { app: 1, gid: 999999, name: 'x', flags: [] }, needs: ['groups.edit'] },
  { file: G, name: 'deleteGroupAction', args: { app: 1, gid: 999999 }, needs: ['groups.edit'] },
  {
    file: G,
    name: 'addMembersAction',
    args: { app: 1, gid: 999999, addresses: 'matrix-none' },
    needs: ['groups.edit'],
  },
  {
    file: G,
    name: 'setMemberPermissionsAction',
    args: { app: 1, gid: 999999, address: 'matrix-none', send: false },
    needs: ['groups.edit'],
  },
  {
    file: G,
    name: 'removeMemberAction',
    args: { app: 1, gid: 999999, address: 'matrix-none' },
    needs: ['groups.edit'],
  },
  {
    file: M,
    name: 'sendMessageAction',
    args: { app: 1, from: 'matrix-none', to: 'matrix-none', message: 'x' },
    needs: ['messages.send'],
  },
  {
    file: O,
    name: 'createOperatorAction',
    args: { email: 'matrix@example.com', role: 'sneaky', password: 'short' },
    needs: ['operators.manage'],
  },
  { file: O, name: 'updateOperatorAction', args: { id: 999999, role: 'admin' }, needs: ['operators.manage'] },
  { file: O, name: 'unlockOperatorAction', args: { id: 999999 }, needs: ['operators.manage'] },
  {
    file: O,
    name: 'setOperatorAppsAction',
    args: { id: 999999, access: 'some', apps: [1] },
    needs: ['operators.manage'],
  },
  { file: O, name: 'unlockOperatorAction', args: { id: 'x' }, needs: ['operators.manage'] },
  {
    file: O,
    name: 'resetPasswordAction',
    args: { id: 999999, password: 'matrix-password-1' },
    needs: ['operators.manage'],
  },
  // Apps: admins only. The inputs change nothing (an invalid kind, no app 999999).
  { file: A, name: 'createAppAction', args: { kind: 'sneaky', name: 'matrix' }, needs: ['apps.manage'] },
  { file: A, name: 'saveAppAction', args: { app: 999999, name: 'x', environment: 'staging' }, needs: ['apps.manage'] },
  { file: A, name: 'setAppEnabledAction', args: { app: 999999, enabled: false }, needs: ['apps.manage'] },
  { file: A, name: 'rotateAppTokenAction', args: { app: 999999 }, needs: ['apps.manage'] },
  { file: A, name: 'replaceAppTokenAction', args: { app: 999999, token: 'x'.repeat(20) }, needs: ['apps.manage'] },
  { file: A, name: 'testConnectionAction', args: { app: 999999 }, needs: ['apps.manage'] },
  { file: A, name: 'deleteAppAction', args: { app: 999999, confirm: 'x' }, needs: ['apps.manage'] },
  // Jobs: every signed-in operator reaches the action; whose job it is decides (no job 999999: not found).
  { file: J, name: 'cancelJobAction', args: { job: 999999 }, needs: [] },
  { file: J, name: 'resumeJobAction', args: { job: 999999 }, needs: [] },
  // Every signed-in operator may change its own password (refused here as invalid, never forbidden).
  { file: AC, name: 'changeOwnPasswordAction', args: { current: 'x', password: 'short', id: 1 }, needs: [] },
  // Its own two-factor and sessions: every role (invalid input or nothing to end; never forbidden).
  { file: AC, name: 'turnOnTwoFactorAction', args: { code: 'x' }, needs: [] },
  { file: AC, name: 'turnOffTwoFactorAction', args: { code: '' }, needs: [] },
  { file: AC, name: 'renewRecoveryCodesAction', args: { code: '' }, needs: [] },
  { file: AC, name: 'endOwnSessionAction', args: { session: 'not-a-session' }, needs: [] },
  // (Sign out other sessions takes no input to make invalid: it is tried on the Account page.)
  // Require two-factor, another operator's two-factor and sessions: admins only.
  { file: O, name: 'setTwoFactorPolicyAction', args: { policy: 'sometimes' }, needs: ['operators.manage'] },
  { file: O, name: 'resetTwoFactorAction', args: { id: 999999 }, needs: ['operators.manage'] },
  {
    file: O,
    name: 'endOperatorSessionAction',
    args: { id: 999999, session: 'AAAAAAAAAAAAAAAAAAAAAA' },
    needs: ['operators.manage'],
  },
  { file: O, name: 'endOperatorSessionsAction', args: { id: 999999 }, needs: ['operators.manage'] },
];
const PASSWORD = 'matrix-role-password-1';

/** A browser context signed in with `role`; for roles other than admin, the admin's page creates the operator first. */
async function signedInAs(browser: Browser, adminPage: Page, role: Role, tag: string): Promise<BrowserContext> {
  const email = role === 'admin' ? ADMIN.email : `${tag}-${role}@example.com`;
  if (role !== 'admin') await createOperator(adminPage, { email, password: PASSWORD }, role);
  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  await signIn(await context.newPage(), email, role === 'admin' ? ADMIN.password : PASSWORD);
  return context;
}

async function post(request: APIRequestContext, cookie: string, c: Case) {
  const r = await request.post(`${E2E_BASE_URL}/apps/1`, {
    headers: {
      'Next-Action': actionId(c.file, c.name),
      'Content-Type': 'text/plain;charset=UTF-8',
      Origin: E2E_BASE_URL,
      Cookie: cookie,
    },
    data: JSON.stringify([c.args]),
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  return r.text();
}

test('every action as every role is allowed exactly per the role table', async ({ browser, page, request }) => {
  test.setTimeout(180_000);
  await backend(request, { op: 'useradd', user: { address: 'matrix-exists' } });
  await signIn(page, ADMIN.email, ADMIN.password);
  const cookies: Partial<Record<Role, string>> = {};
  const tag = `matrix-${Date.now()}`;
  for (const role of ROLES) {
    const context = await signedInAs(browser, page, role, tag);
    cookies[role] = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    await context.close();
  }
  const before = await backend(request, { op: 'stats' });
  for (const c of CASES) {
    for (const role of ROLES) {
      const body = await post(request, cookies[role] ?? '', c);
      const allowed = c.anyOf ? c.anyOf.some((p) => can(role, p)) : c.needs.every((p) => can(role, p));
      const what = `${c.name} ${JSON.stringify(c.args)} as ${role}`;
      expect(body.includes('"code":"forbidden"'), what).toBe(!allowed);
      if (!allowed) expect(body, what).not.toContain('fieldErrors');
    }
  }
  // A request captured from an admin, replayed with a viewer's cookie: refused.
  const replay = await post(request, cookies.viewer ?? '', CASES[0]); // createUserAction
  expect(replay).toContain('"code":"forbidden"');
  // None of the refused or invalid calls created anything.
  const after = await backend(request, { op: 'stats' });
  expect(after.stats.users).toBe(before.stats.users);
  expect(after.stats.groups).toBe(before.stats.groups);
  expect(after.stats.messages).toBe(before.stats.messages);
});

test('every route handler as every role, and signed out: allowed exactly per the role table', async ({
  browser,
  page,
  request,
}) => {
  const ROUTES: { path: string; needs: Permission }[] = [
    { path: '/api/apps/1/users?q=', needs: 'users.view' },
    { path: '/api/apps/1/groups?q=', needs: 'groups.view' },
    { path: '/api/apps/1/groups/1/members', needs: 'groups.view' },
    { path: '/api/apps/1/messages', needs: 'messages.view' },
    { path: '/api/audit/export', needs: 'audit.view' },
    { path: '/api/apps/1/webhooks', needs: 'webhooks.view' },
    // Export CSV: operators and admins only (a million addresses is a list worth guarding).
    { path: '/api/apps/1/exports/users?check=1', needs: 'data.export' },
    { path: '/api/apps/1/exports/users', needs: 'data.export' },
    { path: '/api/apps/1/exports/groups?check=1', needs: 'data.export' },
    { path: '/api/apps/1/exports/members?gid=1&check=1', needs: 'data.export' },
    { path: '/api/apps/1/exports/messages', needs: 'data.export' },
    // Jobs: every role sees those of its apps (no job 999999: 404, never 403).
    { path: '/api/jobs', needs: 'overview.view' },
    { path: '/api/jobs/999999', needs: 'overview.view' },
    { path: '/api/jobs/999999/results', needs: 'overview.view' },
    { path: '/api/jobs/999999/rows?show=problems', needs: 'overview.view' },
  ];
  await signIn(page, ADMIN.email, ADMIN.password);
  const tag = `routes-${Date.now()}`;
  for (const role of ROLES) {
    const context = await signedInAs(browser, page, role, tag);
    for (const r of ROUTES) {
      const status = (await context.request.get(r.path)).status();
      // groups/1 may not exist (404): what matters is that the role check let it through.
      const allowed = can(role, r.needs);
      if (allowed) expect([200, 404], `${r.path} as ${role}`).toContain(status);
      else expect(status, `${r.path} as ${role}`).toBe(403);
    }
    await context.close();
  }
  for (const r of ROUTES) expect((await request.get(r.path)).status(), `${r.path} signed out`).toBe(401);
});

test('an operator limited to one app: every action, route handler and page of another app refused and audited', async ({
  browser,
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN.email, ADMIN.password);
  const tag = `limited-${Date.now()}`;
  const { own, who } = await limitedOperator(page, tag, PASSWORD);

  const context = await browser.newContext({ baseURL: E2E_BASE_URL });
  const mine = await context.newPage();
  await signIn(mine, who.email, who.password);
  await expect(mine).toHaveURL(`/apps/${own}`);
  await appMenu(mine).click();
  await expect(mine.getByRole('menuitem')).toHaveText([`${tag}-own · Development`]);
  await mine.keyboard.press('Escape');
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

  const before = await backend(request, { op: 'stats' });
  // Every action on an app's data, with the default app's id and with an id no app has: refused
  // before the input is looked at (no field errors: it learns nothing, not even whether the app exists).
  for (const c of CASES.filter((x) => [U, G, M].includes(x.file))) {
    for (const app of [1, 999999]) {
      const body = await post(request, cookie, { ...c, args: { ...c.args, app } });
      const what = `${c.name} in app ${app}`;
      expect(body, what).toContain('"code":"forbidden"');
      expect(body, what).not.toContain('fieldErrors');
    }
  }
  const after = await backend(request, { op: 'stats' });
  expect(after.stats.users).toBe(before.stats.users);
  expect(after.stats.groups).toBe(before.stats.groups);
  // Its own app works.
  const mineOk = await post(request, cookie, {
    file: U,
    name: 'createUserAction',
    args: { app: own, address: `${tag}-user` },
    needs: [],
  });
  expect(mineOk).not.toContain('"code":"forbidden"');
  expect(mineOk).toContain(`${tag}-user`);

  for (const path of [
    '/api/apps/1/users?q=',
    '/api/apps/1/groups?q=',
    '/api/apps/1/groups/1/members',
    '/api/apps/1/messages',
    '/api/apps/1/exports/users',
    '/api/apps/1/exports/members?gid=1',
  ])
    expect((await context.request.get(path)).status(), path).toBe(403);
  expect((await context.request.get(`/api/apps/${own}/users?q=`)).status()).toBe(200);
  await mine.goto('/apps/1/users');
  await expect(mine.getByRole('heading', { name: 'This app is not among yours' })).toBeVisible();
  await expect(mine.getByText('matrix-exists')).toHaveCount(0);
  // Its audit log shows only its app's entries; the admin's shows the refusals, under the default app.
  await mine.goto('/audit');
  await expect(mine.getByRole('row').filter({ hasText: 'user.create' }).first()).toBeVisible();
  await expect(mine.getByRole('row').filter({ hasText: 'authz.denied' })).toHaveCount(0);
  await context.close();
  await page.goto(`/audit?operator=${encodeURIComponent(who.email)}&action=authz.denied&app=1`);
  await expect(page.getByRole('row').filter({ hasText: 'GET /api/apps/1/users' }).first()).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'user.delete' }).first()).toContainText('default');
});

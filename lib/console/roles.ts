/**
 * Who may do what in the console. One table, read by the server (every action and
 * route handler checks it) and by the UI (to hide what a role cannot use). No secrets here.
 */
export const ROLES = ['admin', 'operator', 'support', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'overview.view',
  'users.view',
  'users.edit', // create, rename, change flags, delete
  'users.activate', // the Active switch
  'tokens.manage', // issue, regenerate, remove access tokens
  'groups.view',
  'groups.edit', // create, edit, delete groups and their members
  'messages.view',
  'messages.send',
  'webhooks.view', // an app's webhook deliveries and whether it is on
  'webhooks.manage', // its receiver URL and secret, on and off, Send test delivery, Apply again
  'audit.view',
  'data.export', // Export CSV of users, groups, members and messages
  'operators.manage',
  'apps.manage', // create, configure, rotate, disable and delete apps
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEW: Permission[] = ['overview.view', 'users.view', 'groups.view', 'messages.view', 'webhooks.view'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: [...PERMISSIONS],
  operator: PERMISSIONS.filter((p) => p !== 'operators.manage' && p !== 'apps.manage'),
  support: [...VIEW, 'users.activate', 'tokens.manage'],
  viewer: VIEW,
};

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  admin: 'Everything, including managing operators and apps',
  operator:
    'All changes to users, tokens, groups, members and messages; imports and exports lists; reads the audit log',
  support: 'Views everything; issues, regenerates and removes tokens; activates and deactivates users',
  viewer: 'Read only',
};

export function can(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && ROLE_PERMISSIONS[role].includes(permission);
}

/** What a request needs of the role: one permission, or any of several (empty: any signed-in operator). */
export type RoleNeed = Permission | { anyOf: readonly Permission[] };

export function allows(role: Role | undefined, need: RoleNeed): boolean {
  if (typeof need === 'string') return can(role, need);
  return role !== undefined && (need.anyOf.length === 0 || need.anyOf.some((p) => can(role, p)));
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

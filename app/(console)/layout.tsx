import { cookies } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { BreachNotice } from '@/components/breach-banner';
import { SearchShortcut } from '@/components/search-shortcut';
import { Button } from '@/components/ui/button';
import { operatorApps } from '@/lib/auth/app-guard';
import { currentOperator } from '@/lib/auth/session';
import { can, type Permission } from '@/lib/console/roles';
import { LAST_APP_COOKIE } from '@/lib/domain/app-paths';
import { operatorZone } from '@/lib/server/time-zone';
import { TimeZoneScope } from '@/lib/time-zone';
import { signOutAction } from './actions';
import { AppSwitcher } from './app-switcher';
import { HeaderMenu } from './header-menu';
import { type NavLink, NavLinks } from './nav-links';

// Every console page depends on the signed-in operator.
export const dynamic = 'force-dynamic';

const NAV: (NavLink & { permission: Permission })[] = [
  { section: '', label: 'Overview', permission: 'overview.view' },
  { section: '/users', label: 'Users', permission: 'users.view' },
  { section: '/groups', label: 'Groups', permission: 'groups.view' },
  { section: '/messages', label: 'Messages', permission: 'messages.view' },
  { section: '/webhooks', label: 'Webhooks', permission: 'webhooks.view' },
  { href: '/jobs', label: 'Jobs', permission: 'overview.view' },
  { href: '/audit', label: 'Audit log', permission: 'audit.view', appFilter: true },
  { href: '/operators', label: 'Operators', permission: 'operators.manage' },
  { href: '/apps', label: 'Apps', permission: 'apps.manage' },
];

// Change password, two-factor sign-in and sessions live on the Account page.
const ACCOUNT: NavLink[] = [{ href: '/account', label: 'Account' }];

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // A convenience for the shell; every page and action checks the operator again itself.
  // A sign-in at its second step, or held at setting up two-factor, finishes at /login.
  const operator = await currentOperator();
  if (!operator) redirect('/login');
  const links = NAV.filter((n) => can(operator.role, n.permission)).map(({ permission, ...link }) => link);
  // The apps it may use, the default first: the App switcher's choices; app links lead to
  // the app on screen, or from a console-wide page to the first of these.
  const usable = await operatorApps(operator);
  const apps = usable.map(({ id, name, environment }) => ({ id, name, environment }));
  // Admins see, on every page, the apps a token breach has disabled.
  const breached = can(operator.role, 'apps.manage')
    ? usable.filter((a) => a.state === 'breach').map(({ id, name }) => ({ id, name }))
    : [];
  // The app it was last in, when it may still use it: console-wide pages keep it.
  const jar = await cookies();
  const last = Number(jar.get(LAST_APP_COOKIE)?.value);
  const homeApp = apps.find((a) => a.id === last)?.id ?? apps[0]?.id;
  return (
    <div className="min-h-screen">
      {/* Keyboard users skip the navigation on every page. */}
      <a
        href="#main"
        className="sr-only rounded-md bg-indigo-600 px-3 py-2 text-sm text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to content
      </a>
      {/* One row, one height on every page: what does not fit sits behind "Menu". */}
      <header className="relative border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4 lg:gap-2 xl:gap-6">
          <Link href="/" className="font-semibold whitespace-nowrap">
            mesibo-admin
          </Link>
          <HeaderMenu>
            {apps.length > 0 && <AppSwitcher apps={apps} remembered={homeApp} />}
            <nav aria-label="Main" className="lg:flex-1">
              <NavLinks links={links} homeApp={homeApp} />
            </nav>
            <div className="flex flex-wrap items-center gap-3 text-sm lg:shrink-0 lg:flex-nowrap lg:gap-1 xl:gap-3 [&_button]:whitespace-nowrap">
              <span
                title={`${operator.email} · ${operator.role}`}
                // In the phone menu and from 2xl; between lg and 2xl the one-row header has no room.
                // Truncated past 12rem (full value on hover); the app's name is what gives in the row.
                className="w-full truncate text-slate-600 lg:hidden 2xl:inline 2xl:w-auto 2xl:max-w-[12rem] dark:text-slate-400"
              >
                {operator.email} · {operator.role}
              </span>
              <nav aria-label="Your account">
                <NavLinks links={ACCOUNT} />
              </nav>
              <form action={signOutAction}>
                <Button type="submit" variant="secondary">
                  Sign out
                </Button>
              </form>
            </div>
          </HeaderMenu>
        </div>
      </header>
      <BreachNotice apps={breached} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 outline-none">
        <TimeZoneScope zone={await operatorZone()}>{children}</TimeZoneScope>
      </main>
      <SearchShortcut />
    </div>
  );
}

'use client';

import { useParams, usePathname, useRouter } from 'next/navigation';
import { useId } from 'react';
import { appHref, sectionOf } from '@/lib/domain/app-paths';
import { ENVIRONMENT_LABELS, type Environment } from '@/lib/domain/apps';

export interface SwitcherApp {
  id: number;
  name: string;
  environment: Environment;
}

/**
 * "App": the apps this operator may use. Choosing one stays on the same kind of page (a
 * user's page goes to the other app's users); from a console-wide page it opens the app's
 * overview. Each option names its environment, so Production is never picked by mistake.
 */
export function AppSwitcher({ apps }: { apps: SwitcherApp[] }) {
  const id = useId();
  const router = useRouter();
  const path = usePathname();
  const onScreen = useParams<{ app?: string }>().app ?? '';
  const current = apps.some((a) => String(a.id) === onScreen) ? onScreen : '';
  return (
    <div className="flex items-center gap-2 text-sm lg:shrink-0">
      {/* Between lg and xl the one-row header has no room for the word; it stays the select's name. */}
      <label htmlFor={id} className="font-medium lg:max-xl:sr-only">
        App
      </label>
      <select
        id={id}
        value={current}
        onChange={(e) => router.push(appHref(Number(e.target.value), sectionOf(path)))}
        className="min-h-9 w-full max-w-[14rem] min-w-0 truncate lg:w-24 xl:w-auto rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        {current === '' && (
          <option value="" disabled>
            Choose an app
          </option>
        )}
        {apps.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name || `App ${a.id}`} · {ENVIRONMENT_LABELS[a.environment]}
          </option>
        ))}
      </select>
    </div>
  );
}

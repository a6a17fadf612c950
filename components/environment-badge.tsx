import { ENVIRONMENT_LABELS, type Environment } from '@/lib/domain/apps';

const STYLE: Record<Environment, string> = {
  production: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100',
  staging: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
  development: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100',
};

/** An app's environment, so nobody mistakes Production for a sandbox. */
export function EnvironmentBadge({ environment }: { environment: Environment }) {
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 align-middle text-xs font-medium ${STYLE[environment]}`}>
      {ENVIRONMENT_LABELS[environment]}
    </span>
  );
}

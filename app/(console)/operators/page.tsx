import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { PageHeader } from '@/components/ui/states';
import { operatorApps } from '@/lib/auth/app-guard';
import { pageOperator } from '@/lib/auth/page-guard';
import { ROLE_DESCRIPTIONS, ROLES } from '@/lib/console/roles';
import { readOperators, readTwoFactorPolicy } from '@/lib/dal/operators';
import { OperatorsView } from './operators-view';

export const metadata: Metadata = { title: 'Operators' };

export default async function OperatorsPage() {
  const me = await pageOperator('operators.manage', '/operators');
  if (!me) return <Forbidden />;
  const [operators, policy] = await Promise.all([readOperators(), readTwoFactorPolicy()]);
  // Every app: an admin may give access to any of them.
  const apps = (await operatorApps(me)).map(({ id, name, environment }) => ({ id, name, environment }));
  return (
    <>
      <PageHeader title="Operators" />
      <OperatorsView operators={operators} me={me.id} apps={apps} policy={policy} />
      <section aria-labelledby="roles" className="mt-8">
        <h2 id="roles" className="font-medium">
          Roles
        </h2>
        <dl className="mt-2 grid gap-2 text-sm sm:grid-cols-2">
          {ROLES.map((r) => (
            <div key={r} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
              <dt className="font-medium">{r}</dt>
              <dd className="text-slate-600 dark:text-slate-400">{ROLE_DESCRIPTIONS[r]}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

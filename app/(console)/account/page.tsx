import type { Metadata } from 'next';
import { Panel } from '@/components/panel';
import { PageHeader } from '@/components/ui/states';
import { pageOperator } from '@/lib/auth/page-guard';
import { readAccount } from '@/lib/dal/account';
import { ChangePassword } from './change-password';
import { OwnSessions } from './own-sessions';
import { TwoFactorPanel } from './two-factor-panel';

export const metadata: Metadata = { title: 'Account' };

/** The signed-in operator's own account, for every role: password, two-factor sign-in, sessions. */
export default async function AccountPage() {
  if (!(await pageOperator({ anyOf: [] }, '/account'))) return null;
  const account = await readAccount();
  return (
    <>
      <PageHeader title="Account">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {account.email} · {account.role}
        </p>
      </PageHeader>
      <div className="space-y-6">
        <Panel id="password" title="Password">
          <ChangePassword />
        </Panel>
        <Panel id="two-factor" title="Two-factor sign-in">
          <TwoFactorPanel email={account.email} status={account.twoFactor} required={account.required} />
        </Panel>
        <Panel id="sessions" title="Sessions">
          <OwnSessions sessions={account.sessions} />
        </Panel>
      </div>
    </>
  );
}

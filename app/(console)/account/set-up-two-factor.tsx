'use client';

import { TwoFactorSetup } from '@/components/two-factor-setup';
import { beginTwoFactorAction, turnOnTwoFactorAction } from './actions';

/** Setting up two-factor with this console's actions: the Account page's, and the sign-in's where it is required. */
export function SetUpTwoFactor({ email, onDone }: { email: string; onDone: () => void }) {
  return <TwoFactorSetup email={email} begin={beginTwoFactorAction} turnOn={turnOnTwoFactorAction} onDone={onDone} />;
}

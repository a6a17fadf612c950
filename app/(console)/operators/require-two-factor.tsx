'use client';

import { useState } from 'react';
import { FormDialog } from '@/components/form-dialog';
import { SelectField } from '@/components/ui/field';
import { useAction } from '@/lib/actions/use-action';
import type { OperatorRow } from '@/lib/dal/operators';
import {
  mustHaveTwoFactor,
  TWO_FACTOR_POLICIES,
  TWO_FACTOR_POLICY_WORDS,
  type TwoFactorPolicy,
} from '@/lib/domain/two-factor-policy';
import { useHydrated } from '@/lib/use-hydrated';
import { setTwoFactorPolicyAction } from './actions';

/** An operator's two-factor in the Operators table: on, off, or off where it is required (held at setup). */
export const twoFactorWords = (o: OperatorRow, policy: TwoFactorPolicy) =>
  o.twoFactor ? 'On' : mustHaveTwoFactor(policy, o.role) ? 'Off (required: set up at next page)' : 'Off';

/**
 * Require two-factor: Off, Admins or Every role. A choice only asks; the confirmation names
 * who is not set up yet (they are held at setting it up on their next page).
 */
export function RequireTwoFactor({
  policy,
  operators,
  me,
}: {
  policy: TwoFactorPolicy;
  operators: OperatorRow[];
  me: number;
}) {
  const [chosen, setChosen] = useState<TwoFactorPolicy>();
  const hydrated = useHydrated();
  const change = useAction(setTwoFactorPolicyAction, {
    success: ({ policy: p }) => `Require two-factor: ${TWO_FACTOR_POLICY_WORDS[p]}`,
  });
  const held = chosen ? operators.filter((o) => !o.disabled && !o.twoFactor && mustHaveTwoFactor(chosen, o.role)) : [];
  const names = held.map((o) => (o.id === me ? 'you' : o.email));
  return (
    <div className="max-w-xs">
      <SelectField
        label="Require two-factor"
        hint="Who must sign in with an authentication code as well as a password."
        value={chosen ?? policy}
        disabled={!hydrated}
        onChange={(e) => setChosen(e.target.value as TwoFactorPolicy)}
        options={TWO_FACTOR_POLICIES.map((p) => [p, TWO_FACTOR_POLICY_WORDS[p]] as const)}
      />
      <FormDialog
        open={chosen !== undefined && chosen !== policy}
        onClose={() => setChosen(undefined)}
        title="Require two-factor"
        description={
          chosen === 'off'
            ? 'Two-factor sign-in becomes a choice of each operator. Those who have it on keep it.'
            : `Require two-factor sign-in of ${chosen === 'all' ? 'every role' : 'admins'}? ${
                held.length === 0
                  ? 'All of them have it on already.'
                  : `Not set up yet: ${names.join(', ')}. On their next page they must set it up, and can do nothing else until it is on.`
              }`
        }
        action={change}
        submitLabel="Save"
        toInput={() => ({ policy: chosen ?? policy })}
      />
    </div>
  );
}

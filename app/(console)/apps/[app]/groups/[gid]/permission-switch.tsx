'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Toggle } from '@/components/ui/field';
import { useAppAction } from '@/lib/actions/use-action';
import { members, withPermissions } from '@/lib/queries/groups';
import { setMemberPermissionsAction } from '../actions';

/**
 * A member's Can send / Can receive switch, named with its member for screen readers ("Can send:
 * carol@example.com": a row of switches all called "Can send" cannot be told apart). Optimistic:
 * it moves at once (local state, set in the click itself) and moves back if the backend refuses.
 */
export function PermissionSwitch(props: {
  gid: number;
  address: string;
  which: 'send' | 'recv';
  value: boolean;
  disabled: boolean;
}) {
  const [checked, setChecked] = useState(props.value);
  useEffect(() => setChecked(props.value), [props.value]);
  const queries = useQueryClient();
  const change = useAppAction(setMemberPermissionsAction, {
    refresh: false,
    toastErrors: true,
    success: () => `Permissions of ${props.address} updated`,
    // Its own row only: the members loaded are changed in place, not read again.
    onSuccess: (_data, input) =>
      queries.setQueriesData({ queryKey: members.all }, (data: { rows: unknown[] } | undefined) =>
        withPermissions(data, props.address, { [props.which]: input[props.which] }),
      ),
  });
  useEffect(() => {
    if (change.error) setChecked(props.value);
  }, [change.error, props.value]);
  return (
    <Toggle
      asSwitch
      label={`${props.which === 'send' ? 'Can send' : 'Can receive'}: ${props.address}`}
      labelHidden
      checked={checked}
      disabled={props.disabled}
      onChange={(e) => {
        setChecked(e.target.checked);
        change.run({ gid: props.gid, address: props.address, [props.which]: e.target.checked });
      }}
    />
  );
}

import { TextField, Toggle } from '@/components/ui/field';
import type { UsersBulkKind } from '@/lib/domain/bulk-actions';
import type { FieldProblem } from '@/lib/result';

/** What Remove token… and Add to group… ask before they count the users: the App ID; the group and its permissions. */
export function BulkAskFields(props: { kind: UsersBulkKind; error: (field: string) => FieldProblem | undefined }) {
  if (props.kind === 'removeToken')
    return <TextField label="App ID" name="appid" autoComplete="off" error={props.error('appid')} />;
  return (
    <>
      <TextField label="Group (gid)" name="gid" inputMode="numeric" autoComplete="off" error={props.error('gid')} />
      <div className="flex gap-4">
        <Toggle label="Can send" name="send" defaultChecked asSwitch />
        <Toggle label="Can receive" name="recv" defaultChecked asSwitch />
      </div>
    </>
  );
}

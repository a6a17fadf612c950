import { Toggle } from '@/components/ui/field';
import { GROUP_FLAGS, hasFlag } from '@/lib/domain/group-flags';

/** One labelled checkbox per group flag, in plain words; checked values are the flag bits. */
export function FlagFields({ flags = 0, disabled }: { flags?: number; disabled?: boolean }) {
  return (
    <fieldset className="space-y-2" disabled={disabled}>
      <legend className="mb-1 text-sm font-medium">Behaviour</legend>
      {GROUP_FLAGS.map((f) => (
        <div key={f.bit}>
          <Toggle label={f.label} name="flags" value={f.bit} defaultChecked={hasFlag(flags, f.bit)} />
        </div>
      ))}
    </fieldset>
  );
}

export const checkedFlags = (form: FormData) => form.getAll('flags').map(Number);

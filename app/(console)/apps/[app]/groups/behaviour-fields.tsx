import { text } from '@/components/action-form';
import { SelectField, Toggle } from '@/components/ui/field';
import {
  behaviourOf,
  DELIVERY_CHOICES,
  type GroupBehaviour,
  RECEIVE_CHOICES,
  SEND_CHOICES,
} from '@/lib/domain/group-flags';
import type { FieldProblem } from '@/lib/result';

const CHOICES = [
  { label: 'Who can send', name: 'send', options: SEND_CHOICES },
  { label: 'Who receives', name: 'receive', options: RECEIVE_CHOICES },
  { label: 'Delivery', name: 'delivery', options: DELIVERY_CHOICES },
] as const;

/**
 * A group's behaviour as three choices and two switches, which no combination can make
 * contradict each other (the six raw flags could). `flags` sets what is shown: for a group
 * whose stored flags conflict, what the backend actually applies.
 */
export function BehaviourFields({
  flags = 0,
  disabled,
  error,
}: {
  flags?: number;
  disabled?: boolean;
  error?: (field: string) => FieldProblem | undefined;
}) {
  const b = behaviourOf(flags);
  return (
    <fieldset className="@container space-y-3" disabled={disabled}>
      <legend className="mb-1 text-sm font-medium">Behaviour</legend>
      {/* Side by side only where the form is wide enough for the longest choice (New group's dialog); one under another in a group page's narrow column, where they read "Members w". */}
      <div className="grid gap-3 @2xl:grid-cols-3">
        {CHOICES.map((c) => (
          <SelectField
            key={c.name}
            label={c.label}
            name={c.name}
            options={c.options}
            defaultValue={b[c.name]}
            error={error?.(`behaviour.${c.name}`)}
          />
        ))}
      </div>
      <div className="flex flex-col gap-2">
        <Toggle label="Do not store messages" name="noStorage" defaultChecked={b.noStorage} />
        <Toggle label="Send a copy back to the sender" name="loopback" defaultChecked={b.loopback} />
      </div>
    </fieldset>
  );
}

/** The behaviour as the form holds it (the server validates the choices again). */
export const behaviourFrom = (form: FormData): GroupBehaviour => ({
  send: text(form, 'send') as GroupBehaviour['send'],
  receive: text(form, 'receive') as GroupBehaviour['receive'],
  delivery: text(form, 'delivery') as GroupBehaviour['delivery'],
  noStorage: form.has('noStorage'),
  loopback: form.has('loopback'),
});

import { useId } from 'react';
import type { FieldProblem } from '@/lib/result';
import { TextField } from './ui/field';

/** The App ID a token is issued for; `suggestions` (the user's App IDs) are offered as you type. */
export function AppIdField(props: {
  hint: string;
  required?: boolean;
  error?: FieldProblem;
  suggestions?: string[];
  /** Another label (a filter: "Has a token for App ID"). */
  label?: string;
  defaultValue?: string;
}) {
  const list = useId();
  return (
    <>
      <TextField
        label={props.label ?? 'App ID'}
        name="appid"
        defaultValue={props.defaultValue}
        required={props.required}
        maxLength={128}
        autoComplete="off"
        list={props.suggestions?.length ? list : undefined}
        error={props.error}
        hint={props.hint}
      />
      {props.suggestions?.length ? (
        <datalist id={list}>
          {props.suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      ) : null}
    </>
  );
}

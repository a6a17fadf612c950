import { TextField } from './ui/field';

/** The App ID a token is issued for (required when issuing one; optional in New user). */
export function AppIdField({ hint, required, error }: { hint: string; required?: boolean; error?: string }) {
  return (
    <TextField
      label="App ID"
      name="appid"
      required={required}
      maxLength={128}
      autoComplete="off"
      error={error}
      hint={hint}
    />
  );
}

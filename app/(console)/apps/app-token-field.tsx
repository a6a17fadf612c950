import { TextField } from '@/components/ui/field';
import type { FieldProblem } from '@/lib/result';

/** A remote app's token as typed in (never shown again once stored). */
export function AppTokenField({ error }: { error?: FieldProblem }) {
  return (
    <TextField
      label="App token"
      name="token"
      type="password"
      required
      autoComplete="off"
      hint="The app token that backend issued. Stored encrypted; never shown again."
      error={error}
    />
  );
}

import type { FieldProblem } from '@/lib/result';
import { TextField } from './ui/field';

/**
 * Where an operator types a code of its second factor: the authenticator app's six digits
 * (offered by phones and password managers as a one-time code), or, with `recovery`, a
 * recovery code too.
 */
export function CodeField({
  error,
  recovery,
  label = recovery ? 'Authentication or recovery code' : 'Authentication code',
  autoFocus,
}: {
  error?: FieldProblem;
  recovery?: boolean;
  label?: string;
  autoFocus?: boolean;
}) {
  return (
    <TextField
      label={label}
      name="code"
      required
      autoFocus={autoFocus}
      autoComplete="one-time-code"
      inputMode={recovery ? 'text' : 'numeric'}
      spellCheck={false}
      maxLength={64}
      hint={recovery ? 'The 6 digits your authenticator app shows, or one of your recovery codes.' : undefined}
      error={error}
    />
  );
}

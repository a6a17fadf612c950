import { DEFAULT_TOKEN_MINUTES } from '@/lib/domain/token-lifetime';
import { TextField } from './ui/field';

/** The lifetime of an access token about to be issued, in minutes (read by `expiryOf`). */
export function TokenExpiryField({ error }: { error?: string }) {
  return (
    <TextField
      label="Token expiry (minutes)"
      name="expiry"
      type="number"
      min={0}
      defaultValue={DEFAULT_TOKEN_MINUTES}
      error={error}
      hint={`${DEFAULT_TOKEN_MINUTES} = one year; 0 = never expires.`}
    />
  );
}

/** The field's value for an action: empty means the default lifetime. */
export function expiryOf(form: FormData): number | undefined {
  const v = form.get('expiry');
  return typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined;
}

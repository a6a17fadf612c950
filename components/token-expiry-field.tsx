'use client';

import { useState } from 'react';
import { DEFAULT_TOKEN_MINUTES, MAX_TOKEN_MINUTES } from '@/lib/domain/token-lifetime';
import type { FieldProblem } from '@/lib/result';
import { SelectField, TextField } from './ui/field';

/**
 * How long an access token about to be issued lives: a choice in plain words (a year by
 * default), or until a date, which must lie between tomorrow and the backend's maximum.
 * `expiryOf` turns the choice into the contract's minutes.
 */
const CHOICES = [
  ['60', '1 hour'],
  ['1440', '1 day'],
  ['43200', '30 days'],
  [String(DEFAULT_TOKEN_MINUTES), '1 year'],
  ['0', 'No expiry'],
  ['until', 'Until a date'],
] as const;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export function TokenExpiryField({ error }: { error?: FieldProblem }) {
  const [choice, setChoice] = useState(String(DEFAULT_TOKEN_MINUTES));
  return (
    <div className="space-y-2">
      <SelectField
        label="Token expiry"
        name="expiryChoice"
        value={choice}
        onChange={(e) => setChoice(e.target.value)}
        options={CHOICES}
        error={error}
      />
      {choice === 'until' && (
        <TextField
          label="Expires on"
          name="expiryDate"
          type="date"
          required
          min={day(1)}
          max={day(Math.floor(MAX_TOKEN_MINUTES / 1440) - 1)}
          hint="The token stops working at the end of this day, in your time zone."
        />
      )}
    </div>
  );
}

/** The chosen lifetime in minutes (the end of a chosen day, local time), for the action. */
export function expiryOf(form: FormData): number {
  const choice = form.get('expiryChoice');
  const date = form.get('expiryDate');
  if (choice === 'until' && typeof date === 'string' && date) {
    const end = new Date(`${date}T23:59:59`);
    return Math.max(1, Math.ceil((end.getTime() - Date.now()) / 60_000));
  }
  return typeof choice === 'string' && choice !== 'until' ? Number(choice) : DEFAULT_TOKEN_MINUTES;
}

'use client';

import { useId, useState } from 'react';
import { DEFAULT_TOKEN_MINUTES, MAX_TOKEN_MINUTES } from '@/lib/domain/token-lifetime';
import { TextField } from './ui/field';

/**
 * How long an access token about to be issued lives: a choice in plain words (a year by
 * default), or until a date, which must lie between tomorrow and the backend's maximum.
 * `expiryOf` turns the choice into the contract's minutes.
 */
const CHOICES = [
  { value: '60', label: '1 hour' },
  { value: '1440', label: '1 day' },
  { value: '43200', label: '30 days' },
  { value: String(DEFAULT_TOKEN_MINUTES), label: '1 year' },
  { value: '0', label: 'No expiry' },
  { value: 'until', label: 'Until a date' },
];
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export function TokenExpiryField({ error }: { error?: string }) {
  const id = useId();
  const [choice, setChoice] = useState(String(DEFAULT_TOKEN_MINUTES));
  return (
    <div className="space-y-2">
      <div>
        <label htmlFor={id} className="mb-1 block text-sm font-medium">
          Token expiry
        </label>
        <select
          id={id}
          name="expiryChoice"
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          {CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
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
      {error && <p className="text-xs text-red-600 dark:text-red-400">{error}</p>}
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

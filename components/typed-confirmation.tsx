'use client';

import { useState } from 'react';
import { TextField } from './ui/field';

/**
 * A confirmation that must be typed (an address, an app's name) before a destructive or
 * far-reaching action is enabled. `expected` undefined: no typing needed (a plain confirm).
 */
export function useTypedConfirmation(expected: string | undefined, label: string) {
  const [typed, setTyped] = useState('');
  return {
    typed,
    confirmed: expected === undefined || typed === expected,
    reset: () => setTyped(''),
    field:
      expected === undefined ? null : (
        <TextField label={label} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
      ),
  };
}

'use client';

import { useState } from 'react';
import type { FieldProblem } from '@/lib/result';
import { TextField } from './ui/field';

/**
 * A confirmation that must be typed (an address, an app's name) before a destructive or
 * far-reaching action is enabled. `expected` undefined: no typing needed (a plain confirm).
 * A space typed or pasted at either end is forgiven, as the server forgives it.
 */
export function useTypedConfirmation(expected: string | undefined, label: string, error?: FieldProblem) {
  const [typed, setTyped] = useState('');
  return {
    typed,
    confirmed: expected === undefined || typed === expected || typed.trim() === expected,
    reset: () => setTyped(''),
    field:
      expected === undefined ? null : (
        <TextField
          label={label}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          error={error}
        />
      ),
  };
}

'use client';

import { useState } from 'react';
import { useScopeApp } from '@/lib/app-context';
import { confirms } from '@/lib/domain/confirmation';
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
    confirmed: expected === undefined || confirms(typed, expected),
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

/** A typed confirmation in a Production app; elsewhere a plain confirmation. */
export function useProductionConfirmation(expected: string, label: string, error?: FieldProblem) {
  return useTypedConfirmation(useScopeApp().environment === 'production' ? expected : undefined, label, error);
}

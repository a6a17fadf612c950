'use client';

import { useEffect, useState } from 'react';
import { TextField, Toggle } from '@/components/ui/field';
import type { ActionHandle } from '@/lib/actions/use-action';
import { AppTokenField } from './app-token-field';

/**
 * The fields of a remote app's backend (New app, Change URL): its Backend API URL and app
 * token. The server tests them before saving; when the backend did not answer (a refusal on
 * the URL with code "conflict"), "Save it anyway" appears, and Create app (or Change URL)
 * then saves it as it is once ticked. `saveUnreachable()` reads the tick for the input.
 */
export function useBackendFields(
  action: Pick<ActionHandle<unknown, unknown>, 'error' | 'fieldError'>,
  /** The URL the field starts from (Change URL: the current one). */
  currentUrl?: string,
) {
  const [anyway, setAnyway] = useState(false);
  const [offered, setOffered] = useState(false);
  const untested = action.error?.code === 'conflict' && action.fieldError('apiUrl') !== undefined;
  useEffect(() => {
    if (untested) setOffered(true);
  }, [untested]);
  const fields = (
    <>
      <TextField
        label="Backend API URL"
        name="apiUrl"
        type="url"
        required
        placeholder="https://api.mesibo.com/backend/"
        defaultValue={currentUrl}
        autoComplete="off"
        hint="Tested before it is saved. Link-local addresses (169.254.x.x, fe80::) are refused."
        error={action.fieldError('apiUrl')}
      />
      <AppTokenField error={action.fieldError('token')} />
      {offered && (
        <Toggle
          label="Save it anyway (it stays unusable until its backend answers)"
          checked={anyway}
          onChange={(e) => setAnyway(e.target.checked)}
        />
      )}
    </>
  );
  return {
    fields,
    saveUnreachable: () => offered && anyway,
    reset: () => {
      setAnyway(false);
      setOffered(false);
    },
  };
}

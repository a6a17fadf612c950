'use client';

import type { ActionError } from '@/lib/actions/result';
import { Button } from './button';
import { ErrorNotice } from './states';

/**
 * The end of every form in a dialog: the refusal that belongs to no single field (field
 * errors show beside their fields), then Cancel and the submit button, which is disabled
 * while the action runs and names the action ("Create user", "Generate token", ...).
 */
export function DialogFormFooter(props: {
  error?: ActionError;
  submitLabel: string;
  /** Shown on the submit button while pending, e.g. "Creating…"; the label stays otherwise. */
  pendingLabel?: string;
  pending: boolean;
  onCancel: () => void;
}) {
  const { error } = props;
  return (
    <>
      {error && !error.fieldErrors && (
        <ErrorNotice message={error.message} action={error.action} requestId={error.requestId} />
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={props.pending}>
          {props.pending && props.pendingLabel ? props.pendingLabel : props.submitLabel}
        </Button>
      </div>
    </>
  );
}

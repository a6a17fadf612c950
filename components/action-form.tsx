'use client';

import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import type { ActionHandle } from '@/lib/actions/use-action';
import { Button } from './ui/button';
import { ErrorNotice } from './ui/states';

/**
 * The console's one form idiom: the browser's own form (uncontrolled fields, so what the
 * operator typed stays when the server refuses it), read as FormData at submit, turned into
 * the action's typed input, and sent through the action's handle. A refusal that belongs to
 * no single field shows above the buttons; field errors show beside their fields.
 */
export interface ActionFormProps<I, T> {
  action: ActionHandle<I, T>;
  toInput: (form: FormData) => I;
  submitLabel: string;
  pendingLabel?: string;
  /** Extra buttons beside the submit one (a dialog's Cancel). */
  secondary?: ReactNode;
  /** Disables the submit button (nothing changed yet, a confirmation not typed). */
  disabled?: boolean;
  danger?: boolean;
  label?: string;
  className?: string;
  /** The fields; none for a plain confirmation. */
  children?: ReactNode;
}

export function ActionForm<I, T>(props: ActionFormProps<I, T>) {
  const { action } = props;
  const form = useRef<HTMLFormElement>(null);
  // A refusal that names a field takes the operator there (and a screen reader reads its message).
  useEffect(() => {
    if (action.error?.fieldErrors) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [action.error]);
  // What belongs to no field: a refusal of the whole form, or a rule across fields ("form").
  const formWide = action.error?.fieldErrors?.form?.[0];
  const formError = action.error?.fieldErrors ? formWide && { ...action.error, message: formWide } : action.error;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    action.run(props.toInput(new FormData(event.currentTarget)));
  };
  return (
    <form ref={form} onSubmit={submit} aria-label={props.label} className={props.className ?? 'space-y-3'}>
      {props.children}
      {formError && <ErrorNotice error={formError} />}
      <div className={props.secondary ? 'flex justify-end gap-2' : 'flex gap-2'}>
        {props.secondary}
        <Button type="submit" variant={props.danger ? 'danger' : 'primary'} disabled={action.pending || props.disabled}>
          {action.pending && props.pendingLabel ? props.pendingLabel : props.submitLabel}
        </Button>
      </div>
    </form>
  );
}

/** A text field's value from FormData ('' when absent). */
export const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

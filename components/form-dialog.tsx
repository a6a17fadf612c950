'use client';

import { type ReactNode, useEffect, useState } from 'react';
import { ActionForm, type ActionFormProps } from './action-form';
import { Button } from './ui/button';

/*
 * The dialog library is not part of a page's first load (it was most of the difference
 * between a console page's first-load JavaScript and the sign-in page's): it is fetched as
 * soon as the page is idle, and a dialog opens only once it is there, so the first field
 * is ready for typing the moment the dialog shows.
 */
type DialogComponent = typeof import('./ui/dialog').Dialog;
let Dialog: DialogComponent | undefined;
let loading: Promise<void> | undefined;
const loadDialog = () => {
  loading ??= import('./ui/dialog').then((m) => {
    Dialog = m.Dialog;
  });
  return loading;
};

/**
 * A form in a dialog, owning what every such dialog needs: the trigger button (or an
 * outside `open` for dialogs opened from a table row), Cancel, reset of the action when it
 * closes, and after success either closing or showing `done` (a token shown once).
 */
export interface FormDialogProps<I, T> extends Omit<ActionFormProps<I, T>, 'secondary' | 'label' | 'className'> {
  /** The button that opens the dialog; leave out and pass `open`/`onClose` to control it. */
  trigger?: string;
  triggerVariant?: 'primary' | 'ghost' | 'danger';
  open?: boolean;
  onClose?: () => void;
  title: string;
  /** The title once `done` shows. */
  doneTitle?: string;
  description?: string;
  /** What to show after success instead of closing. */
  done?: (data: T, close: () => void) => ReactNode;
}

export function FormDialog<I, T>(props: FormDialogProps<I, T>) {
  const { action } = props;
  const [ownOpen, setOwnOpen] = useState(false);
  const [, setLoaded] = useState(Dialog !== undefined);
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
    idle(() => void loadDialog().then(() => setLoaded(true)));
  }, []);
  const open = (props.open ?? ownOpen) && Dialog !== undefined;
  useEffect(() => {
    if (props.open && !Dialog) void loadDialog().then(() => setLoaded(true));
  }, [props.open]);
  const close = () => {
    setOwnOpen(false);
    props.onClose?.();
    action.reset();
  };
  const succeeded = action.data !== undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: close only when success arrives
  useEffect(() => {
    if (succeeded && !props.done && open) close();
  }, [succeeded]);
  const showDone = succeeded && props.done && action.data !== undefined;
  return (
    <>
      {props.trigger && (
        <Button variant={props.triggerVariant} onClick={() => loadDialog().then(() => setOwnOpen(true))}>
          {props.trigger}
        </Button>
      )}
      {open && Dialog && (
        <Dialog
          open
          onOpenChange={(o) => !o && close()}
          title={showDone && props.doneTitle ? props.doneTitle : props.title}
          description={showDone ? undefined : props.description}
        >
          {showDone && action.data !== undefined ? (
            props.done?.(action.data, close)
          ) : (
            <ActionForm
              action={action}
              toInput={props.toInput}
              submitLabel={props.submitLabel}
              pendingLabel={props.pendingLabel}
              danger={props.danger}
              disabled={props.disabled}
              secondary={
                <Button variant="secondary" onClick={close}>
                  Cancel
                </Button>
              }
            >
              {props.children}
            </ActionForm>
          )}
        </Dialog>
      )}
    </>
  );
}

'use client';

import { type ReactNode, useEffect, useState } from 'react';
import { ActionForm, type ActionFormProps } from './action-form';
import { Button } from './ui/button';
import { Dialog } from './ui/dialog';

/**
 * A form in a dialog, owning what every such dialog needs: the trigger button (or an
 * outside `open` for dialogs opened from a table row), Cancel, reset of the action when it
 * closes, and after success either closing or showing `done` (a token shown once).
 */
export interface FormDialogProps<I, T> extends Omit<ActionFormProps<I, T>, 'secondary' | 'label' | 'className'> {
  /** The button that opens the dialog; leave out and pass `open`/`onClose` to control it. */
  trigger?: string;
  /** A shorter text for the trigger between lg and 2xl (the one-row header); its name stays `trigger`. */
  triggerCompact?: string;
  triggerVariant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  open?: boolean;
  /** Told when the trigger opens the dialog. */
  onOpen?: () => void;
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
  const open = props.open ?? ownOpen;
  const close = () => {
    setOwnOpen(false);
    props.onClose?.();
    action.reset();
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: close only when a success arrives
  useEffect(() => {
    if (action.data !== undefined && !props.done && open) close();
  }, [action.data]);
  const showDone = action.data !== undefined && props.done !== undefined;
  return (
    <>
      {props.trigger && (
        <Button
          variant={props.triggerVariant}
          onClick={() => {
            setOwnOpen(true);
            props.onOpen?.();
          }}
          aria-label={props.triggerCompact ? props.trigger : undefined}
        >
          {props.triggerCompact ? (
            <>
              <span className="lg:hidden 2xl:inline">{props.trigger}</span>
              <span className="hidden lg:inline 2xl:hidden">{props.triggerCompact}</span>
            </>
          ) : (
            props.trigger
          )}
        </Button>
      )}
      <Dialog
        open={open}
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
    </>
  );
}

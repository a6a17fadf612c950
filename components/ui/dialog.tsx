'use client';

import { type ReactNode, useId, useLayoutEffect, useRef } from 'react';

/**
 * A modal dialog on the browser's own <dialog>: showModal() puts it in the top layer, makes
 * the rest of the page inert (focus cannot leave it), focuses its first field, and Escape
 * closes it; closing returns focus to what had it before. `title` names the dialog.
 * (It replaced a dialog library: the same behaviour, none of its kilobytes in every page.)
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  // Layout effect: the dialog opens, and its first field takes focus, in the same task as
  // the click, so keys typed right after land in the field.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onCancel={(e) => {
        e.preventDefault(); // Escape: the owner decides (it resets the form's action too)
        onOpenChange(false);
      }}
      className="m-auto max-h-[90vh] w-[calc(100vw-2rem)] max-w-lg overflow-y-auto rounded-lg bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:bg-slate-900 dark:text-slate-100"
    >
      {open && (
        <>
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <p id={descriptionId} className={description ? 'mt-1 text-sm text-slate-600 dark:text-slate-400' : 'sr-only'}>
            {description ?? title}
          </p>
          <div className="mt-4">{children}</div>
        </>
      )}
    </dialog>
  );
}

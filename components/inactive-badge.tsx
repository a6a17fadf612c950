/** Marks a user that is not active, wherever a user is shown. */
export function InactiveBadge() {
  return (
    <span className="ml-1.5 inline-block rounded bg-slate-200 px-1.5 align-middle font-sans text-xs font-medium text-slate-800 dark:bg-slate-700 dark:text-slate-100">
      Inactive
    </span>
  );
}

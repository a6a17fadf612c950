/**
 * A progress bar with its numbers in words (screen readers get the label and the value, and
 * so does everyone else, as text beside it). `value` undefined: under way, amount not known.
 */
export function ProgressBar({ label, value, max, text }: { label: string; value?: number; max: number; text: string }) {
  const pct = value === undefined || max <= 0 ? undefined : Math.min(100, Math.floor((value / max) * 100));
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
        aria-valuetext={text}
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
      >
        <div
          className={`h-full rounded-full bg-indigo-600 transition-[width] dark:bg-indigo-400 ${pct === undefined ? 'w-1/3 animate-pulse' : ''}`}
          style={pct === undefined ? undefined : { width: `${pct}%` }}
        />
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-300">{text}</p>
    </div>
  );
}

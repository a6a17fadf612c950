import {
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';
import type { FieldProblem } from '@/lib/result';
import { ErrorLink } from './states';

const INPUT =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-900 placeholder:text-slate-400 focus:border-indigo-500 focus:outline-2 focus:outline-indigo-500 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 disabled:cursor-not-allowed disabled:border-dashed disabled:bg-slate-100 disabled:text-slate-600 dark:disabled:bg-slate-800 dark:disabled:text-slate-300';

/** Label, hint and error around one control, wired together with aria-describedby. */
function Field({
  label,
  error,
  hint,
  className,
  children,
}: {
  label: string;
  error?: FieldProblem;
  hint?: string;
  className?: string;
  children: (control: {
    id: string;
    'aria-invalid'?: true;
    'aria-describedby'?: string;
    className: string;
  }) => ReactNode;
}) {
  const id = useId();
  const described = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described, className: INPUT })}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-600 dark:text-red-400">
          {typeof error === 'string' ? (
            error
          ) : (
            <>
              {error.message}
              {error.action && ` ${error.action}`}
              {error.link && ' '}
              <ErrorLink link={error.link} />
            </>
          )}
        </p>
      )}
    </div>
  );
}

type Labelled = { label: string; error?: FieldProblem; hint?: string; className?: string };

/** The field's own props apart from the control's. */
function split<P extends Labelled>({ label, error, hint, className = '', ...control }: P) {
  return [{ label, error, hint, className }, control] as const;
}

export function TextField(props: InputHTMLAttributes<HTMLInputElement> & Labelled & { ref?: Ref<HTMLInputElement> }) {
  const [field, input] = split(props);
  return <Field {...field}>{(control) => <input {...control} {...input} />}</Field>;
}

export function TextAreaField(props: TextareaHTMLAttributes<HTMLTextAreaElement> & Labelled) {
  const [field, area] = split(props);
  return <Field {...field}>{(control) => <textarea {...control} {...area} />}</Field>;
}

/** A labelled choice: `options` as [value, label] pairs. */
export function SelectField(
  props: SelectHTMLAttributes<HTMLSelectElement> & Labelled & { options: readonly (readonly [string, string])[] },
) {
  const [field, { options, ...select }] = split(props);
  return (
    <Field {...field}>
      {(control) => (
        <select {...control} {...select}>
          {options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A new password for an operator (at least 12 characters, as the server requires). */
export function NewPasswordField({ label, error, hint }: { label: string; error?: FieldProblem; hint?: string }) {
  return (
    <TextField
      label={label}
      name="password"
      type="password"
      required
      minLength={12}
      autoComplete="new-password"
      error={error}
      hint={hint}
    />
  );
}

/**
 * A checkbox, or with `asSwitch` an on/off switch (role="switch"), with its label; `labelHidden`:
 * the label is read out but not shown (a row's switch under its column's heading), carried by
 * the input itself so that a hundred rows do not each carry a label element.
 */
export function Toggle({
  label,
  asSwitch,
  labelHidden,
  className = '',
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; asSwitch?: boolean; labelHidden?: boolean }) {
  const input = {
    type: 'checkbox',
    role: asSwitch ? 'switch' : undefined,
    className: asSwitch
      ? 'switch'
      : 'h-4 w-4 rounded border-slate-300 accent-indigo-600 disabled:cursor-not-allowed disabled:opacity-60',
    ...props,
  };
  if (labelHidden) return <input {...input} aria-label={label} />;
  return (
    <label className={className ? `toggle ${className}` : 'toggle'}>
      <input {...input} />
      <span>{label}</span>
    </label>
  );
}

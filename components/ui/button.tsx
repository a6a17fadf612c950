import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

/**
 * A button: its look is a class of app/globals.css (`btn` and `btn-<variant>`), written once
 * there rather than 400 characters of utilities on each of the hundred buttons a list renders.
 * Disabled looks disabled in every variant (greyed, no hover; dashed where bordered).
 */
export function Button({
  variant = 'primary',
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type={type} className={`btn btn-${variant}${className ? ` ${className}` : ''}`} {...props} />;
}

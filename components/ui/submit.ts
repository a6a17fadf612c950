import type { FormEvent } from 'react';

/**
 * onSubmit handler passing the form's data to `fn`. Used instead of `<form action>`,
 * which resets every field after submitting, wiping what the operator typed when the
 * server refuses it.
 */
export function submitWith(fn: (data: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    fn(new FormData(event.currentTarget));
  };
}

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { ActionError } from '@/lib/result';
import { HistoryLink } from './history-link';
import { RetryButton } from './retry-button';
import { EmptyState, ErrorNotice, PageHeader } from './ui/states';

/** A page whose data could not be loaded: its title, what went wrong and what to do, and Retry. */
export function PageFailure({ title, error }: { title: ReactNode; error: ActionError }) {
  return (
    <>
      <PageHeader title={title} />
      <ErrorNotice error={error}>
        <RetryButton />
      </ErrorNotice>
    </>
  );
}

/** A detail page whose subject does not exist (any more), with the way back to its list. */
export function PageGone(props: {
  title: ReactNode;
  what: string;
  back: { href: string; label: string };
  /** Its History in the audit log (who deleted it, and when). */
  history?: string;
}) {
  return (
    <>
      <PageHeader title={props.title}>{props.history && <HistoryLink href={props.history} />}</PageHeader>
      <EmptyState title={props.what}>
        It may have been deleted.{' '}
        <Link href={props.back.href} className="underline">
          {props.back.label}
        </Link>
      </EmptyState>
    </>
  );
}

import type { ActionError } from '@/lib/result';
import type { ListCount, SearchKind } from './list-query';

/**
 * The console's one paging scheme, as types shared by the server (pages render the first
 * page) and the browser (it fetches the others): a filter, a keyset cursor, and pages of
 * `{rows, next}`.
 */
export type Filter = Record<string, string>;
export interface Page<R> {
  rows: R[];
  next?: string;
  /** Where the rows come from: the app's backend, or the console's directory (a backend that cannot list). */
  source?: 'backend' | 'directory';
  /** How many the whole list (all its pages) holds, where it was counted. */
  count?: ListCount;
  /** What the search could do where the list was read (lib/domain/list-query.ts). */
  search?: SearchKind;
}

/** Keyset paging: the cursor of the next page, and whether there is a page before. */
export interface Paging {
  hasPrevious: boolean;
  next?: string;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
}

/** Where a list is (from the URL), with the first page as the server rendered it. */
export interface ListState<F extends Filter, R> {
  /** The route handler the browser fetches the other pages from. */
  endpoint: string;
  filter: F;
  cursor?: string;
  trail: string[];
  initial?: Page<R>;
  initialError?: ActionError;
}

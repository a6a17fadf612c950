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

/**
 * Paging by number (a group's members): the page answered (a page past the end answers the last),
 * the count of rows matching where known, and, where the backend can neither number nor filter
 * the list, how much of it the console has read in order to answer.
 */
export interface NumberedPage<R> {
  rows: R[];
  page: number;
  /** Rows matching the filter, all pages; undefined until known (a list read in order, not yet to its end). */
  total?: number;
  /** A page comes after this one. */
  more: boolean;
  /** Read in order by the console: rows read so far, and whether that is all of them. */
  read?: { rows: number; all: boolean };
}
/** A page by its number, or the last one (found by the backend, or by reading to the end). */
export type PageNumber = number | 'last';

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

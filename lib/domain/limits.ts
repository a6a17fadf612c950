/** Limits the console's forms state and its server actions enforce (browser-safe). */
export const MAX_BULK_MEMBERS = 1000;

/** The most users one selection holds (ticked page by page); more: Select all matching this search. */
export const MAX_SELECTION = 1000;
/** The most rows one bulk action takes (everything a search matches, at most). */
export const MAX_BULK_ROWS = 1_000_000;
/** Members on a page of a group's member list. */
export const MEMBERS_PAGE = 100;

/** Limits the console's forms state and its server actions enforce (browser-safe). */
export const MAX_BULK_MEMBERS = 1000;

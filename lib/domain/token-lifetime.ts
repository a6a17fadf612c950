/**
 * Access-token lifetimes, in minutes (the contract's unit for `token.expiry`): the engine's
 * default and maximum, and the console's forms, all read them here.
 */
export const DEFAULT_TOKEN_MINUTES = 525_600; // one year
export const MAX_TOKEN_MINUTES = 100 * DEFAULT_TOKEN_MINUTES; // a hundred years

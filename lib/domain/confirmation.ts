/**
 * Typed confirmations (an address, a group's or an app's name): what was typed confirms
 * `expected` when it is exactly that, forgiving a space typed or pasted at either end. One
 * rule for the dialogs (browser) and the actions (server).
 */
export const confirms = (typed: string | undefined, expected: string) =>
  typed !== undefined && (typed === expected || typed.trim() === expected);

/** What a group's deletion asks to type: its name, or its gid when it has none. */
export const groupConfirmation = (group: { gid: number; name: string }) => group.name || String(group.gid);

import { fail } from '../errors';
import { GROUP_FLAGS, PERM } from './groups';

/**
 * The rules a message must pass to be sent, stated once. Each rule has the check the
 * step-by-step path runs on the values it read (so a refusal says which rule failed, in the
 * contract's order) and the SQL condition the one-statement path of PostgreSQL puts in its
 * WHERE (so a message that passes is checked and stored in one round trip). Existence comes
 * first (NOUSER, NOGROUP: the read finds nothing), then these. One table of cases, each rule
 * failing alone, runs through both paths on both databases and must get the same answer
 * (tests/unit/backend/message-rules.test.ts).
 */
export interface Facts {
  /** The sender's `active`. */
  active: number;
  /** The group's `active`, `flags` and the sender's membership permissions (undefined: not a member). */
  gactive?: number;
  flags?: number;
  perms?: number;
  from: string;
  gid?: number;
}

interface Rule {
  name: string;
  /** The SQL condition on the row of the one-statement read: `s` (the sender) or `c` (sender and group). */
  sql: (row: 's' | 'c') => string;
  holds: (f: Facts) => boolean;
  refuse: (f: Facts) => Error;
}

const flag = (f: Facts, bit: number) => ((f.flags ?? 0) & bit) !== 0;

export const SENDER_RULES: readonly Rule[] = [
  {
    name: 'the sender is active',
    sql: (row) => `${row}.active = 1`,
    holds: (f) => Number(f.active) === 1,
    refuse: (f) =>
      fail.notAllowed(
        `The sender "${f.from}" is deactivated.`,
        'Activate the user (op "userset" with user.active true) before sending as it.',
        ['message.from'],
      ),
  },
];

export const GROUP_RULES: readonly Rule[] = [
  ...SENDER_RULES,
  {
    name: 'the group is active',
    sql: () => 'c.gactive = 1',
    holds: (f) => Number(f.gactive) === 1,
    refuse: (f) =>
      fail.notAllowed(`Group ${f.gid} is deactivated.`, 'Activate the group (op "groupset" with group.active true).', [
        'message.gid',
      ]),
  },
  {
    name: 'only members send, unless anyone may',
    sql: () => `((c.flags & ${GROUP_FLAGS.sendByAnyone}) <> 0 OR c.perms IS NOT NULL)`,
    holds: (f) => flag(f, GROUP_FLAGS.sendByAnyone) || f.perms !== undefined,
    refuse: (f) =>
      fail.notAllowed(
        `"${f.from}" is not a member of group ${f.gid}, and only members may send to it.`,
        'Add the sender to the group (op "groupeditmembers"), or set group flag 0x2 to let anyone send.',
        ['message.from', 'message.gid'],
      ),
  },
  {
    name: 'only members with send permission send, where the group says so',
    sql: () =>
      `((c.flags & ${GROUP_FLAGS.sendByAnyone}) <> 0 OR (c.flags & ${GROUP_FLAGS.sendBySelected}) = 0 OR (c.perms & ${PERM.send}) <> 0)`,
    holds: (f) =>
      flag(f, GROUP_FLAGS.sendByAnyone) || !flag(f, GROUP_FLAGS.sendBySelected) || ((f.perms ?? 0) & PERM.send) !== 0,
    refuse: (f) =>
      fail.notAllowed(
        `"${f.from}" has no send permission in group ${f.gid}, which only lets selected members send.`,
        'Give the member send permission (op "groupeditmembers" with permissions.send true).',
        ['message.from', 'message.gid'],
      ),
  },
];

/** The step-by-step path: the first rule that does not hold refuses the message. */
export function enforce(rules: readonly Rule[], facts: Facts): void {
  for (const rule of rules) if (!rule.holds(facts)) throw rule.refuse(facts);
}

/** The one-statement path: every rule as one SQL condition. */
export const allOf = (rules: readonly Rule[], row: 's' | 'c') => rules.map((r) => r.sql(row)).join(' AND ');

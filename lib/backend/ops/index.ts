import type { OpHandler } from './context';
import { groupadd, groupdel, groupeditmembers, groupgetmembers, groupset, groupsget, usergroupsget } from './groups';
import { message, messagesget } from './messages';
import { stats } from './other';
import { otp } from './otp';
import { uacset } from './uac';
import { useradd, userdel, userset, usersget, usertoken } from './users';

/** Every op of the contract, by name. */
export const OPS: Readonly<Record<string, OpHandler>> = Object.freeze({
  useradd,
  userset,
  userdel,
  usertoken,
  usersget,
  // mesibo's current PHP sample calls it `users` (MesiboAPI(['op' => 'users', 'count' => 10])).
  users: usersget,
  groupadd,
  groupset,
  groupdel,
  groupeditmembers,
  groupgetmembers,
  groupsget,
  usergroupsget,
  message,
  messagesget,
  otp,
  uacset,
  stats,
});

export const OP_NAMES = Object.keys(OPS);

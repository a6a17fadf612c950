import { fail } from '../errors';
import { address, addressList, freeText, listing, obj, optionalGid, parseFields, required, uint } from '../fields';
import { type OpHandler, page, type Queryable } from './context';
import { GROUP_FLAGS, PERM, resolveUsers } from './groups';

/** Messaging: `message` sends (recipients resolved now) and `messagesget` reads the log. */

const DEFAULT_MESSAGE_EXPIRY = 31_536_000; // one year, in seconds
const MAX_RECIPIENTS = 10_000;

const MAX_DELAY_SECONDS = 10 * 366 * 86_400; // ten years

const MessageRequest = obj({
  message: obj({
    from: required(address()),
    to: addressList(MAX_RECIPIENTS),
    gid: optionalGid(),
    type: uint(),
    expiry: uint(),
    // Seconds from now; bounded so the stored delivery time stays an exact integer (< 2^53).
    when: uint(MAX_DELAY_SECONDS),
    message: freeText(65_536),
    url: freeText(2_048),
    title: freeText(1_024),
    flags: uint(),
  }),
});

type Sender = { uid: number; active: number };
type Group = { gid: number; flags: number; active: number; rr_uid: number };

export const message: OpHandler = async (ctx, req) => {
  const { message: m } = parseFields(MessageRequest, req);
  if (m.gid === undefined && m.to === undefined) {
    throw fail.badValue('message.to or message.gid is required: say who receives the message.', [
      'message.to',
      'message.gid',
    ]);
  }
  return ctx.db.tx(async (q) => {
    // Existence first (NOUSER, NOGROUP), then permission (NOTALLOWED), as the contract orders them.
    const sender = await q.get<Sender>('SELECT uid, active FROM users WHERE app_id = ? AND address = ?', [
      ctx.app.id,
      m.from,
    ]);
    if (!sender) throw fail.noUser([m.from], 'message.from');
    const group =
      m.gid === undefined
        ? undefined
        : await q.get<Group>('SELECT gid, flags, active, rr_uid FROM chat_groups WHERE app_id = ? AND gid = ?', [
            ctx.app.id,
            m.gid,
          ]);
    if (m.gid !== undefined && !group) throw fail.noGroup(m.gid, 'message.gid');
    const to = group ? [] : [...(await resolveUsers(q, ctx, m.to ?? [], 'message.to')).keys()];
    if (Number(sender.active) !== 1) {
      throw fail.notAllowed(
        `The sender "${m.from}" is deactivated.`,
        'Activate the user (op "userset" with user.active true) before sending as it.',
        ['message.from'],
      );
    }
    const recipients = group
      ? await groupRecipients(q, group, Number(sender.uid), m.from, ctx.db.dialect === 'postgres')
      : to.length;
    const stored = !group || (Number(group.flags) & GROUP_FLAGS.noStorage) === 0;
    const row = await q.get<{ mid: number }>(
      `INSERT INTO messages (app_id, sender, gid, to_list, recipients, type, body, url, title, flags, expiry, ts, when_ts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING mid`,
      [
        ctx.app.id,
        m.from,
        group ? Number(group.gid) : 0,
        JSON.stringify(to),
        recipients,
        m.type ?? 0,
        m.message ?? '',
        m.url ?? '',
        m.title ?? '',
        m.flags ?? 0,
        m.expiry ?? DEFAULT_MESSAGE_EXPIRY,
        ctx.now,
        ctx.now + (m.when ?? 0),
      ],
    );
    if (!row) throw new Error('message insert returned nothing');
    const mid = Number(row.mid);
    if (!stored) {
      // The mid is still allocated (ids are never reused); only the stored copy goes.
      await q.run('DELETE FROM messages WHERE mid = ?', [mid]);
    } else {
      for (const a of to)
        await q.run('INSERT INTO message_to (mid, app_id, address) VALUES (?, ?, ?)', [mid, ctx.app.id, a]);
    }
    return { mid };
  });
};

/**
 * Checks the sender may send to the group and returns how many members receive the message.
 * `lockRow`: PostgreSQL, where transactions run side by side (SQLite's writes are serialized).
 */
async function groupRecipients(q: Queryable, group: Group, senderUid: number, from: string, lockRow: boolean) {
  const flags = Number(group.flags);
  if (Number(group.active) !== 1) {
    throw fail.notAllowed(
      `Group ${group.gid} is deactivated.`,
      'Activate the group (op "groupset" with group.active true).',
      ['message.gid'],
    );
  }
  if ((flags & GROUP_FLAGS.sendByAnyone) === 0) {
    const membership = await q.get<{ perms: number }>('SELECT perms FROM members WHERE gid = ? AND uid = ?', [
      group.gid,
      senderUid,
    ]);
    if (!membership) {
      throw fail.notAllowed(
        `"${from}" is not a member of group ${group.gid}, and only members may send to it.`,
        'Add the sender to the group (op "groupeditmembers"), or set group flag 0x2 to let anyone send.',
        ['message.from', 'message.gid'],
      );
    }
    if (flags & GROUP_FLAGS.sendBySelected && (Number(membership.perms) & PERM.send) === 0) {
      throw fail.notAllowed(
        `"${from}" has no send permission in group ${group.gid}, which only lets selected members send.`,
        'Give the member send permission (op "groupeditmembers" with permissions.send true).',
        ['message.from', 'message.gid'],
      );
    }
  }
  const onlyRecv = flags & GROUP_FLAGS.recvBySelected ? 1 : 0;
  const loopback = flags & GROUP_FLAGS.loopback ? 1 : 0;
  const eligible = `gid = ? AND (? = 0 OR (perms & ${PERM.recv}) <> 0) AND (? = 1 OR uid <> ?)`;
  const params = [group.gid, onlyRecv, loopback, senderUid];
  if (flags & GROUP_FLAGS.roundRobin) {
    // One member per message, in uid order, wrapping around. Messages sent at the same moment
    // (on several instances) must each take the next member: the group's row stays locked
    // from reading where the last one stopped until this transaction commits.
    const last = lockRow
      ? Number(
          (await q.get<{ rr_uid: number }>('SELECT rr_uid FROM chat_groups WHERE gid = ? FOR UPDATE', [group.gid]))
            ?.rr_uid ?? 0,
        )
      : group.rr_uid;
    const next =
      (await q.get<{ uid: number }>(`SELECT uid FROM members WHERE ${eligible} AND uid > ? ORDER BY uid LIMIT 1`, [
        ...params,
        last,
      ])) ?? (await q.get<{ uid: number }>(`SELECT uid FROM members WHERE ${eligible} ORDER BY uid LIMIT 1`, params));
    if (!next) return 0;
    await q.run('UPDATE chat_groups SET rr_uid = ? WHERE gid = ?', [next.uid, group.gid]);
    return 1;
  }
  const c = await q.get<{ n: number }>(`SELECT COUNT(*) AS n FROM members WHERE ${eligible}`, params);
  return Number(c?.n ?? 0);
}

const MessagesGet = obj({
  message: obj({ from: address(), to: address(), gid: optionalGid() }),
  ...listing,
});

type MessageRow = {
  mid: number;
  sender: string;
  gid: number;
  to_list: string;
  recipients: number;
  type: number;
  body: string;
  url: string;
  title: string;
  flags: number;
  ts: number;
  when_ts: number;
};

export const messagesget: OpHandler = async (ctx, req) => {
  const { message: f, count, cursor } = parseFields(MessagesGet, req);
  const where: string[] = ['m.app_id = ?', 'm.mid < ?'];
  const params: (string | number)[] = [ctx.app.id, cursor ?? Number.MAX_SAFE_INTEGER];
  let from = 'messages m';
  if (f.to !== undefined) {
    // Walk the recipient index newest first; the join fetches each message by primary key.
    from = 'message_to t JOIN messages m ON m.mid = t.mid';
    where.splice(0, 2, 't.app_id = ?', 't.address = ?', 't.mid < ?');
    params.splice(1, 0, f.to);
  }
  if (f.from !== undefined) {
    where.push('m.sender = ?');
    params.push(f.from);
  }
  if (f.gid !== undefined) {
    where.push('m.gid = ?');
    params.push(f.gid);
  }
  const order = f.to !== undefined ? 't.mid' : 'm.mid';
  const rows = await ctx.db.all<MessageRow>(
    `SELECT m.mid, m.sender, m.gid, m.to_list, m.recipients, m.type, m.body, m.url, m.title, m.flags, m.ts, m.when_ts
     FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} DESC LIMIT ?`,
    [...params, count + 1],
  );
  const { rows: kept, next } = page(rows, count, (r) => Number(r.mid));
  const messages = kept.map((r) => ({
    mid: Number(r.mid),
    from: r.sender,
    to: JSON.parse(r.to_list) as string[],
    gid: Number(r.gid),
    recipients: Number(r.recipients),
    type: Number(r.type),
    message: r.body,
    url: r.url,
    title: r.title,
    flags: Number(r.flags),
    ts: Number(r.ts),
    when: Number(r.when_ts),
  }));
  return next ? { messages, next } : { messages };
};

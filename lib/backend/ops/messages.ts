import { inList } from '@/lib/db/listing';
import { addressSpellings } from '@/lib/db/search-keys';
import { type IdWindow, idWindow, inTimeRange } from '@/lib/db/time-window';
import { fail } from '../errors';
import {
  address,
  addressList,
  freeText,
  listing,
  obj,
  optionalGid,
  parseFields,
  positiveId,
  required,
  uint,
} from '../fields';
import { type OpContext, type OpHandler, page, type Queryable } from './context';
import { GROUP_FLAGS, PERM } from './groups';
import { allOf, enforce, GROUP_RULES, SENDER_RULES } from './message-rules';

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

type Message = ReturnType<typeof parseFields<typeof MessageRequest>>['message'];
type Sender = { uid: number; active: number };
type Group = { gid: number; flags: number; active: number; rr_uid: number };
/** A message that passed every check: its group (if any), its recipients, and how many receive it. */
type Checked = { group?: Group; senderUid: number; to: string[]; recipients: number | 'in turn'; stored: boolean };

/** A `message` request's fields, validated (BADVALUE naming the field otherwise). */
export const messageOf = (req: Record<string, unknown>): Message => parseFields(MessageRequest, req).message;

export const message: OpHandler = async (ctx, req) => {
  const m = messageOf(req);
  if (m.gid === undefined && m.to === undefined) {
    throw fail.badValue('message.to or message.gid is required: say who receives the message.', [
      'message.to',
      'message.gid',
    ]);
  }
  if (ctx.db.dialect === 'postgres') {
    // Every statement is a round trip to PostgreSQL: a message that passes its checks (almost
    // every one) is checked and stored by one statement, with no BEGIN and COMMIT.
    const mid = await sendInOneStatement(ctx, m);
    if (mid !== undefined) return { mid };
  }
  // The checks one by one, to say which one failed; and the kinds one statement leaves out: a
  // round-robin group (its row locked while the next member is chosen) and one not stored.
  return ctx.db.tx(async (q) => {
    const checked = await checkMessage(q, ctx, m);
    const recipients =
      checked.recipients === 'in turn'
        ? await nextInTurn(q, checked.group as Group, checked.senderUid, ctx.db.dialect === 'postgres')
        : checked.recipients;
    return { mid: await store(q, ctx, m, { ...checked, recipients }) };
  });
};

/**
 * Everything that decides whether the message may be sent, in the contract's order: existence
 * first (NOUSER, NOGROUP), then permission (NOTALLOWED). The sender and the recipients (or
 * the group) come in one read.
 */
export async function checkMessage(q: Queryable, ctx: OpContext, m: Message): Promise<Checked> {
  if (m.gid === undefined) {
    const wanted = [...new Set([m.from, ...(m.to ?? [])])];
    const found = new Map<string, Sender>();
    for (let i = 0; i < wanted.length; i += 500) {
      const chunk = wanted.slice(i, i + 500);
      for (const r of await q.all<Sender & { address: string }>(
        `SELECT uid, address, active FROM users WHERE app_id = ? AND address IN ${inList(chunk)}`,
        [ctx.app.id, ...chunk],
      ))
        found.set(r.address, r);
    }
    const sender = found.get(m.from);
    if (!sender) throw fail.noUser([m.from], 'message.from');
    const named = new Set(m.to);
    const unknown = [...named].filter((a) => !found.has(a));
    if (unknown.length) throw fail.noUser(unknown, 'message.to');
    enforce(SENDER_RULES, { active: Number(sender.active), from: m.from });
    const to = [...named]; // as the request lists them, once each
    return { senderUid: Number(sender.uid), to, recipients: to.length, stored: true };
  }
  const row = await q.get<
    Sender & { gid: number | null; flags: number; gactive: number; rr_uid: number; perms: number | null; n: number }
  >(GROUP_CHECK, [m.gid, ctx.app.id, m.from]);
  if (!row) throw fail.noUser([m.from], 'message.from');
  if (row.gid === null || row.gid === undefined) throw fail.noGroup(m.gid, 'message.gid');
  const group: Group = {
    gid: Number(row.gid),
    flags: Number(row.flags),
    active: Number(row.gactive),
    rr_uid: Number(row.rr_uid),
  };
  enforce(GROUP_RULES, {
    active: Number(row.active),
    gactive: group.active,
    flags: group.flags,
    perms: row.perms === null || row.perms === undefined ? undefined : Number(row.perms),
    from: m.from,
    gid: group.gid,
  });
  return {
    group,
    senderUid: Number(row.uid),
    to: [],
    recipients: group.flags & GROUP_FLAGS.roundRobin ? 'in turn' : Number(row.n ?? 0),
    stored: (group.flags & GROUP_FLAGS.noStorage) === 0,
  };
}

/**
 * The sender, the group, the sender's membership and the receivers' count in one read (the
 * count follows the group's own flags: receive permission, loopback). Parameters: gid, app, from.
 */
const GROUP_CHECK = `SELECT u.uid, u.active, g.gid, g.flags, g.active AS gactive, g.rr_uid,
    (SELECT perms FROM members WHERE gid = g.gid AND uid = u.uid) AS perms,
    (SELECT COUNT(*) FROM members r WHERE r.gid = g.gid
       AND ((g.flags & ${GROUP_FLAGS.recvBySelected}) = 0 OR (r.perms & ${PERM.recv}) <> 0)
       AND ((g.flags & ${GROUP_FLAGS.loopback}) <> 0 OR r.uid <> u.uid)) AS n
  FROM users u LEFT JOIN chat_groups g ON g.app_id = u.app_id AND g.gid = ?
  WHERE u.app_id = ? AND u.address = ?`;

/**
 * The message's columns: who and to whom (app_id … recipients), then its content, whose
 * values `content` gives in this order.
 */
const MESSAGE_COLUMNS = 'app_id, sender, gid, to_list, recipients, type, body, url, title, flags, expiry, ts, when_ts';
const content = (ctx: OpContext, m: Message) => [
  m.type ?? 0,
  m.message ?? '',
  m.url ?? '',
  m.title ?? '',
  m.flags ?? 0,
  m.expiry ?? DEFAULT_MESSAGE_EXPIRY,
  ctx.now,
  ctx.now + (m.when ?? 0),
];
/** The content's placeholders in an INSERT … SELECT, typed (PostgreSQL cannot infer them there). */
const TYPED_CONTENT = '?::bigint, ?::text, ?::text, ?::text, ?::bigint, ?::bigint, ?::bigint, ?::bigint';

/** Stores the message and its recipient index in the caller's transaction; returns its mid. */
async function store(q: Queryable, ctx: OpContext, m: Message, c: Checked & { recipients: number }) {
  const row = await q.get<{ mid: number }>(
    `INSERT INTO messages (${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING mid`,
    [ctx.app.id, m.from, c.group ? c.group.gid : 0, JSON.stringify(c.to), c.recipients, ...content(ctx, m)],
  );
  if (!row) throw new Error('message insert returned nothing');
  const mid = Number(row.mid);
  if (!c.stored) {
    // The mid is still allocated (ids are never reused); only the stored copy goes.
    await q.run('DELETE FROM messages WHERE mid = ?', [mid]);
  } else {
    for (const a of c.to)
      await q.run('INSERT INTO message_to (mid, app_id, address) VALUES (?, ?, ?)', [mid, ctx.app.id, a]);
  }
  return mid;
}

/**
 * PostgreSQL: checks and stores the message in one statement when every rule holds (the rules
 * of message-rules.ts, as SQL); undefined when one does not, or when the group is round-robin
 * or not stored: those take the transaction, which says why.
 *
 * Its plan must not depend on statistics (a new database has none for its first minute, and
 * a prepared statement keeps its plan): the sender (`s`) and the group's check (`c`) are
 * MATERIALIZED, so they are read by their unique key alone, where a rule pushed into the read
 * (`active = 1`) let the planner pick the (app_id, active, …) index and walk every user of the
 * app; the recipients are one probe each (`= ANY`), where `IN` over a set-returning function
 * (100 rows by PostgreSQL's estimate) was a hash join over every user of the app.
 */
export async function sendInOneStatement(ctx: OpContext, m: Message): Promise<number | undefined> {
  if (m.gid === undefined) {
    const to = [...new Set(m.to)];
    const [row] = await ctx.db.write<{ mid: number }>(
      `WITH r AS (
         SELECT address FROM users WHERE app_id = ? AND address = ANY (ARRAY(SELECT json_array_elements_text(?::json)))
       ), s AS MATERIALIZED (
         SELECT active FROM users WHERE app_id = ? AND address = ?
       ), m AS (
         INSERT INTO messages (${MESSAGE_COLUMNS})
         SELECT ?::bigint, ?::text, 0, ?::text, ?::integer, ${TYPED_CONTENT} FROM s
         WHERE ${allOf(SENDER_RULES, 's')} AND (SELECT COUNT(*) FROM r) = ?
         RETURNING mid
       ), t AS (
         INSERT INTO message_to (mid, app_id, address) SELECT m.mid, ?::bigint, r.address FROM m, r
       )
       SELECT mid FROM m`,
      [
        // r: the recipients that exist
        ctx.app.id,
        JSON.stringify(to),
        // s: the sender
        ctx.app.id,
        m.from,
        // m: the message, when the sender exists and is active and every recipient exists
        ctx.app.id,
        m.from,
        JSON.stringify(to),
        to.length,
        ...content(ctx, m),
        to.length,
        // t: its recipient index
        ctx.app.id,
      ],
    );
    return row ? Number(row.mid) : undefined;
  }
  // The group's id and its receivers' count come from the check (c).
  const [row] = await ctx.db.write<{ mid: number }>(
    `WITH c AS MATERIALIZED (${GROUP_CHECK}), m AS (
       INSERT INTO messages (${MESSAGE_COLUMNS})
       SELECT ?::bigint, ?::text, c.gid, '[]', c.n, ${TYPED_CONTENT} FROM c
       WHERE ${allOf(GROUP_RULES, 'c')}
         AND (c.flags & ${GROUP_FLAGS.roundRobin | GROUP_FLAGS.noStorage}) = 0
       RETURNING mid
     )
     SELECT mid FROM m`,
    [m.gid, ctx.app.id, m.from, ctx.app.id, m.from, ...content(ctx, m)],
  );
  return row ? Number(row.mid) : undefined;
}

/**
 * Round-robin: one member per message, in uid order, wrapping around; returns 1 (or 0 with
 * no member to take it). Messages sent at the same moment (on several instances) must each
 * take the next member: on PostgreSQL (`lockRow`) the group's row stays locked from reading
 * where the last one stopped until this transaction commits; SQLite's writes are serialized.
 */
async function nextInTurn(q: Queryable, group: Group, senderUid: number, lockRow: boolean) {
  const last = lockRow
    ? Number(
        (await q.get<{ rr_uid: number }>('SELECT rr_uid FROM chat_groups WHERE gid = ? FOR UPDATE', [group.gid]))
          ?.rr_uid ?? 0,
      )
    : group.rr_uid;
  // The members who receive the group's messages (receive permission, the sender only with loopback).
  const eligible = `gid = ? AND (? = 0 OR (perms & ${PERM.recv}) <> 0) AND (? = 1 OR uid <> ?)`;
  const params = [
    group.gid,
    group.flags & GROUP_FLAGS.recvBySelected ? 1 : 0,
    group.flags & GROUP_FLAGS.loopback ? 1 : 0,
    senderUid,
  ];
  const next =
    (await q.get<{ uid: number }>(`SELECT uid FROM members WHERE ${eligible} AND uid > ? ORDER BY uid LIMIT 1`, [
      ...params,
      last,
    ])) ?? (await q.get<{ uid: number }>(`SELECT uid FROM members WHERE ${eligible} ORDER BY uid LIMIT 1`, params));
  if (!next) return 0;
  await q.run('UPDATE chat_groups SET rr_uid = ? WHERE gid = ?', [next.uid, group.gid]);
  return 1;
}

const MessagesGet = obj({
  // `with`, `mid`, `since` and `until`: this product's extension (a conversation: from or to an
  // address; one message; sent in a time range, epoch seconds, `until` excluded).
  message: obj({
    from: address(),
    to: address(),
    with: address(),
    gid: optionalGid(),
    mid: positiveId(),
    since: uint(),
    until: uint(),
  }),
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
  gname: string | null;
};

/**
 * A From or To filter matches the address in any case (the log keeps addresses as sent; a user
 * deleted since is found by the exact spelling only).
 */
const spellings = (ctx: OpContext, address: string) => addressSpellings(ctx.db, 'users', ctx.app.id, address);
const isAny = (column: string, values: string[]) =>
  values.length === 1 ? `${column} = ?` : `${column} IN (${values.map(() => '?').join(', ')})`;

export const messagesget: OpHandler = async (ctx, req) => {
  const { message: f, count, cursor } = parseFields(MessagesGet, req);
  if (f.with !== undefined && (f.from !== undefined || f.to !== undefined))
    throw fail.badValue('message.with is a conversation (from or to it): give it without from and to.', [
      'message.with',
    ]);
  if (f.since !== undefined && f.until !== undefined && f.until <= f.since)
    throw fail.badValue('message.until must be after message.since (the range is since ≤ ts < until).', [
      'message.until',
    ]);
  const window = await idWindow(ctx.db, { table: 'messages', id: 'mid' }, f, ctx.app.id);
  // A conversation: what the address sent, and the direct messages it received (each read from
  // its own index, newest first, then merged); a message in both is listed once.
  const rows = f.with
    ? [
        ...new Map(
          [
            ...(await readLog(ctx, { ...f, from: f.with, with: undefined }, window, count, cursor)),
            ...(await readLog(ctx, { ...f, to: f.with, with: undefined }, window, count, cursor)),
          ]
            .sort((a, b) => Number(b.mid) - Number(a.mid))
            .map((r) => [Number(r.mid), r]),
        ).values(),
      ].slice(0, count + 1)
    : await readLog(ctx, f, window, count, cursor);
  const { rows: kept, next } = page(rows, count, (r) => Number(r.mid));
  const messages = kept.map((r) => ({
    mid: Number(r.mid),
    from: r.sender,
    to: JSON.parse(r.to_list) as string[],
    gid: Number(r.gid),
    // The group's name as it is now (our extension: the log names a group); absent for a direct message.
    ...(Number(r.gid) ? { groupname: r.gname ?? '' } : {}),
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

type LogFilter = ReturnType<typeof parseFields<typeof MessagesGet>>['message'];

/**
 * The newest `count + 1` messages of the log that `f` matches (one of its From / To paths), before
 * `cursor`; a time range walks only its `window` of mids (lib/db/time-window.ts).
 *
 * SQLite plans without statistics, and given a sender and a range's two bounds on mid it walked
 * the app's whole window (a week of a million messages: 16 ms) rather than the sender's entries
 * within it; so there each path names the index it walks: the recipient's, the sender's, the
 * group's, else the app's. (PostgreSQL chooses by its statistics.)
 */
async function readLog(ctx: OpContext, f: LogFilter, window: IdWindow, count: number, cursor: number | undefined) {
  const where: string[] = ['m.app_id = ?'];
  const params: (string | number)[] = [ctx.app.id];
  const by = (index: string) => (ctx.db.dialect === 'sqlite' ? ` INDEXED BY ${index}` : '');
  let from = `messages m${by(f.from !== undefined ? 'messages_app_sender' : f.gid !== undefined ? 'messages_app_gid' : 'messages_app_mid')}`;
  if (f.to !== undefined) {
    // Walk the recipient index newest first; the join fetches each message by primary key.
    const to = await spellings(ctx, f.to);
    from = `message_to t${by('message_to_app_address')} JOIN messages m ON m.mid = t.mid`;
    where.splice(0, 1, 't.app_id = ?', isAny('t.address', to));
    params.push(...to);
  }
  if (f.from !== undefined) {
    const senders = await spellings(ctx, f.from);
    where.push(isAny('m.sender', senders));
    params.push(...senders);
  }
  if (f.gid !== undefined) {
    where.push('m.gid = ?');
    params.push(f.gid);
  }
  if (f.mid !== undefined) {
    where.push('m.mid = ?');
    params.push(f.mid);
  }
  const order = f.to !== undefined ? 't.mid' : 'm.mid';
  // The walk's bounds (the cursor, a range's window of mids) and the range itself.
  const range = inTimeRange({ ts: 'm.ts', id: order }, f, window, cursor);
  where.push(...range.where);
  params.push(...range.params);
  return ctx.db.all<MessageRow>(
    `SELECT m.mid, m.sender, m.gid, m.to_list, m.recipients, m.type, m.body, m.url, m.title, m.flags, m.ts, m.when_ts,
       (SELECT g.name FROM chat_groups g WHERE g.gid = m.gid AND g.app_id = m.app_id) AS gname
     FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} DESC LIMIT ?`,
    [...params, count + 1],
  );
}

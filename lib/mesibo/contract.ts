import { z } from 'zod';

/**
 * The Backend API replies the console reads, as zod schemas: a reply that does not match
 * is an UpstreamError('bad_response'), never a crash further in. Lenient where backends
 * differ (mesibo's cloud omits fields the bundled backend sends), strict on what we use.
 */
export const FailureEnvelope = z.object({
  op: z.string().catch(''),
  result: z.literal(false),
  error: z.string().catch('UNKNOWN'),
  code: z.number().catch(0),
  cause: z.string().catch(''),
  action: z.string().catch(''),
  properties: z.array(z.string()).catch([]),
});

/** The most rows a listing op (usersget, groupsget, groupgetmembers, messagesget) answers at once: `count` is 1 to 100. */
export const MAX_PAGE = 100;
/** The highest page number a numbered listing takes (`groupgetmembers.pages`); past the end is the last page. */
export const MAX_PAGE_NUMBER = 1_000_000;

export const Envelope = z.looseObject({ op: z.string().optional(), result: z.boolean() });

const TokenInfo = z.object({ appid: z.string(), expires: z.number() });

export const UserWire = z.object({
  uid: z.number(),
  address: z.string(),
  name: z.string().catch(''),
  active: z.boolean().catch(true),
  flags: z.number().catch(0),
  ts: z.number().optional(),
  tokens: z.array(TokenInfo).optional(),
});
export type UserWire = z.infer<typeof UserWire>;

export const UsersPage = z.object({ users: z.array(UserWire), next: z.string().optional() });
/** A listing with this product's search fields: the page, and its count (`total`, or `more` with `atLeast`). */
const SEARCH_COUNT = { total: z.number().optional(), more: z.boolean().optional(), atLeast: z.number().optional() };
export const UsersSearchPage = UsersPage.extend(SEARCH_COUNT);
export const UserReply = z.object({
  user: UserWire.extend({ token: z.string().optional(), appid: z.string().optional(), expires: z.number().optional() }),
});

export const GroupWire = z.object({
  gid: z.number(),
  name: z.string().catch(''),
  flags: z.number().catch(0),
  active: z.boolean().catch(true),
  members: z.number().catch(0),
  ts: z.number().optional(),
});
export type GroupWire = z.infer<typeof GroupWire>;
export const GroupsPage = z.object({ groups: z.array(GroupWire), next: z.string().optional() });
export const GroupsSearchPage = GroupsPage.extend(SEARCH_COUNT);
export const GroupReply = z.object({ group: GroupWire });

export const MemberWire = z.object({
  uid: z.number(),
  address: z.string(),
  name: z.string().catch(''),
  permissions: z.object({
    send: z.boolean(),
    recv: z.boolean(),
    pub: z.boolean(),
    sub: z.boolean(),
    list: z.boolean(),
  }),
  admin: z.boolean().catch(false),
});
export type MemberWire = z.infer<typeof MemberWire>;
export const MembersPage = z.object({ members: z.array(MemberWire), next: z.string().optional() });
/** groupgetmembers with this product's extension (`groupgetmembers.pages`): the page answered and the count matching. */
export const MembersNumberedPage = MembersPage.extend({
  page: z.number().int().positive(),
  total: z.number().int().min(0),
});

/** A group of a user (usergroupsget, this product's extension), with the user's permissions in it. */
export const UserGroupWire = GroupWire.omit({ members: true, ts: true }).extend({
  permissions: z.object({ send: z.boolean(), recv: z.boolean() }).loose(),
  admin: z.boolean().catch(false),
});
export type UserGroupWire = z.infer<typeof UserGroupWire>;
export const UserGroupsPage = z.object({ groups: z.array(UserGroupWire), next: z.string().optional() });

export const MessageWire = z.object({
  mid: z.number(),
  from: z.string(),
  to: z.array(z.string()),
  gid: z.number(),
  /** A group message: the group's name (this product's messagesget names it). */
  groupname: z.string().optional().catch(undefined),
  recipients: z.number(),
  type: z.number(),
  message: z.string(),
  url: z.string().catch(''),
  title: z.string().catch(''),
  flags: z.number().catch(0),
  ts: z.number(),
  when: z.number(),
});
export type MessageWire = z.infer<typeof MessageWire>;
export const MessagesPage = z.object({ messages: z.array(MessageWire), next: z.string().optional() });
export const MessageReply = z.object({ mid: z.number() });

export const StatsReply = z.object({
  stats: z.object({
    users: z.number(),
    groups: z.number(),
    messages: z.number(),
    breach: z
      .object({ disabled: z.boolean(), addresses: z.number(), limit: z.number(), windowHours: z.number() })
      .optional(),
  }),
  // stats.activity: series of periods, [start, n] ascending; the previous window's totals when asked.
  activity: z
    .object({
      direct: z.array(z.tuple([z.number(), z.number()])),
      group: z.array(z.tuple([z.number(), z.number()])),
      users: z.array(z.tuple([z.number(), z.number()])),
      previous: z.object({ direct: z.number(), group: z.number(), users: z.number() }).optional(),
    })
    .optional(),
});

export const Empty = z.object({});

import 'server-only';
import { MAX_BULK_MEMBERS } from '@/lib/domain/limits';
import { type GroupQuery, type ListCount, prefixPattern, type UserQuery } from '@/lib/domain/list-query';
import type { NumberedPage, Page, PageNumber } from '@/lib/domain/paging';
import { ConsoleError } from '@/lib/errors';
import {
  Empty,
  GroupReply,
  GroupsPage,
  GroupsSearchPage,
  GroupWire,
  MAX_PAGE,
  MAX_PAGE_NUMBER,
  MembersNumberedPage,
  MembersPage,
  MessageReply,
  MessagesPage,
  StatsReply,
  UserGroupsPage,
  UserReply,
  UsersPage,
  UsersSearchPage,
  type UserWire,
} from '@/lib/mesibo/contract';
import { OpError } from '@/lib/mesibo/errors';
import type { InProcessBackend } from '@/lib/server/app-backends';
import { forgetMembers, walkMembers } from './member-walk';
import { resultOfError } from './row-result';
import type {
  Activity,
  ActivityAsk,
  Call,
  Counts,
  CountsSource,
  GroupRow,
  GroupsSource,
  ImportedUser,
  ImportRow,
  IssuedToken,
  MemberEditRow,
  MemberImportRow,
  MemberRow,
  MembersEdit,
  MessageFilter,
  MessageRow,
  MessagesSource,
  NewUser,
  OutgoingMessage,
  RowLedger,
  RowResult,
  TokenPlan,
  UserGroups,
  UserRow,
  UsersSource,
} from './types';

/**
 * The sources of an app whose backend lists its data itself (the bundled backend, a
 * self-hosted mesibo): every read and change is a call to its Backend API. A listing op the
 * backend turns out not to have after all (BADOP, remembered for the app by the apps service)
 * is answered from the console's directory for the rest of the request (`kept`, given lazily:
 * the directory's sources make their changes through these). These are also the only place
 * that spells each op's request: kept.ts adds keeping to the same calls.
 */
async function orKept<T>(live: () => Promise<T>, kept: () => Promise<T>): Promise<T> {
  try {
    return await live();
  } catch (e) {
    if (e instanceof OpError && e.error === 'BADOP') return kept();
    throw e;
  }
}

/** A bulk run's refusal as the error a call would have thrown. */
const opErrorOf = (reply: Record<string, unknown>) =>
  new OpError(
    String(reply.op ?? ''),
    String(reply.error ?? ''),
    Number(reply.code ?? 0),
    String(reply.cause ?? ''),
    String(reply.action ?? ''),
    Array.isArray(reply.properties) ? reply.properties.map(String) : [],
  );

/** A bulk run's reply for one row, in the console's words when refused. */
function resultOfReply(n: number, reply: Record<string, unknown>): RowResult {
  if (reply.result === true) {
    const u = reply.user as { uid: number; name: string; active: boolean };
    return { n, outcome: 'ok', user: { uid: Number(u.uid), name: u.name, active: u.active } };
  }
  return resultOfError(n, opErrorOf(reply));
}

/**
 * Import members' calls: the rows grouped by the permissions they give (groupeditmembers sets
 * one set of permissions per call), each group a change of its own.
 */
function byPermissions(rows: readonly MemberImportRow[]): [MembersEdit, MemberImportRow[]][] {
  const byPerms = new Map<string, [MembersEdit, MemberImportRow[]]>();
  for (const r of rows) {
    const key = `${r.send}:${r.recv}`;
    const same = byPerms.get(key) ?? [{ permissions: { send: r.send, recv: r.recv } }, []];
    same[1].push(r);
    byPerms.set(key, same);
  }
  return [...byPerms.values()];
}

/** Pieces of at most MAX_BULK_MEMBERS rows, in order: one groupeditmembers each. */
function* chunksOf<R>(rows: readonly R[]): Generator<readonly R[]> {
  for (let i = 0; i < rows.length; i += MAX_BULK_MEMBERS) yield rows.slice(i, i + MAX_BULK_MEMBERS);
}

const NOT_A_USER_THERE = 'The backend has no user with this address: import or create the user first.';

const membersEdit = (gid: number, chunk: readonly MemberEditRow[], edit: MembersEdit) => {
  const m = chunk.map((r) => r.address);
  return {
    op: 'groupeditmembers',
    group:
      'remove' in edit ? { gid, delete: true, members: { m } } : { gid, members: { m, permissions: edit.permissions } },
  };
};

export const userRow = (u: UserWire): UserRow => ({
  uid: u.uid,
  address: u.address,
  name: u.name,
  active: u.active,
  flags: u.flags,
  created: u.ts,
  tokens: u.tokens ?? [],
});

type TokenReply = { user: { address: string; appid?: string; token?: string; expires?: number } };

/** The token of a useradd answer, when one was asked for. */
export function issuedOf({ user: u }: TokenReply): IssuedToken | undefined {
  return u.token && u.appid
    ? { address: u.address, appid: u.appid, token: u.token, expires: u.expires ?? 0 }
    : undefined;
}

/** The token a usertoken (or token-issuing useradd) answer must carry. */
export function tokenOf({ user: u }: TokenReply, appid: string): IssuedToken {
  if (!u.token) throw new Error('usertoken returned no token');
  return { address: u.address, appid: u.appid ?? appid, token: u.token, expires: u.expires ?? 0 };
}

/** useradd's request for an imported row: only the columns its file has (a file without `name` never blanks one). */
const useraddOf = ({ address, name, active }: ImportedUser) => ({
  op: 'useradd',
  user: { address, ...(name === undefined ? {} : { name }), ...(active === undefined ? {} : { active }) },
});

/** How many a searched list holds, as the backend counted it (with its first page). */
const countOf = (page: { total?: number; more?: boolean; atLeast?: number }): ListCount | undefined =>
  page.total !== undefined ? { total: page.total } : page.more ? { atLeast: page.atLeast ?? 0 } : undefined;

export class LiveUsers implements UsersSource {
  readonly keptHere = false;
  readonly reads = 'backend' as const;
  readonly importModes = ['backend'] as const;
  constructor(
    private readonly call: Call,
    private readonly kept: () => UsersSource,
    /** A bundled app's engine (bulk runs, lookups), or undefined for a remote backend. */
    private readonly engine: () => Promise<InProcessBackend | undefined> = async () => undefined,
    /** The backend offers this product's search (`usersget.search`). */
    private readonly searches = false,
  ) {}

  async known(addresses: readonly string[]) {
    const engine = await this.engine();
    if (!engine) return undefined;
    return new Map((await engine.knownUsers(addresses)).map((u) => [u.address, u]));
  }

  /**
   * In-process, one engine bulk run: each row's outcome is written in the transaction of its
   * effect. Remote, `concurrency` rows in flight, each marked sent before it leaves and settled
   * when its answer comes (a lost answer: unconfirmed, never sent again).
   */
  async addMany(rows: readonly ImportRow[], ledger: RowLedger, concurrency: number) {
    const engine = await this.engine();
    if (engine) {
      const results: RowResult[] = [];
      await engine.bulk(
        rows.map((r) => useraddOf(r.user)),
        async (q, i, reply) => {
          results.push(resultOfReply(rows[i].n, reply));
          if (i === rows.length - 1) await ledger.settle(results, q);
        },
        { rowsPerTransaction: rows.length },
      );
      return;
    }
    let next = 0;
    let pause = false;
    const worker = async () => {
      while (next < rows.length && !pause && !ledger.stopping()) {
        const row = rows[next++];
        await ledger.sent([row.n]);
        let result: RowResult;
        try {
          const { op, ...payload } = useraddOf(row.user);
          const r = await this.call(op, payload, UserReply);
          result = { n: row.n, outcome: 'ok', user: { uid: r.user.uid, name: r.user.name, active: r.user.active } };
        } catch (e) {
          result = resultOfError(row.n, e);
        }
        if (await ledger.settle([result])) pause = true;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, rows.length)) }, worker));
  }

  async adoptMany(): Promise<void> {
    throw new ConsoleError(
      'invalid',
      "This app's backend lists its users itself: Add to directory is for apps whose backend cannot. Use Create on the backend.",
    );
  }

  /**
   * Another instance of this product searches (`usersget.search`: any case, names, uid, sort,
   * filters, counts); a mesibo backend's usersget finds an address by its start, in its case.
   */
  list(query: UserQuery, cursor: string | undefined, count: number) {
    return orKept<Page<UserRow>>(
      async () => {
        if (!this.searches) {
          const page = await this.call(
            'usersget',
            { user: { address: prefixPattern(query.q) }, count: Math.min(count, MAX_PAGE), cursor },
            UsersPage,
          );
          return { rows: page.users.map(userRow), next: page.next, source: 'backend', search: 'prefix' };
        }
        const filter = { active: query.active, appid: query.appid };
        const page = await this.call(
          'usersget',
          // Counted with the first page (the list shows that count on every page).
          { q: query.q, sort: query.sort, filter, total: !cursor, count: Math.min(count, MAX_PAGE), cursor },
          UsersSearchPage,
        );
        return {
          rows: page.users.map(userRow),
          next: page.next,
          source: 'backend',
          search: 'full',
          count: countOf(page),
        };
      },
      () => this.kept().list(query, cursor, count),
    );
  }

  async listBySeen(): Promise<Page<UserRow>> {
    throw new ConsoleError(
      'invalid',
      "This app's backend lists its users itself, in its own order: Online now and Last seen first are for apps whose backend cannot.",
      { field: 'presence' },
    );
  }

  /**
   * `*` is the pattern character of usersget, and users created before it was refused in new
   * addresses may hold one, so the lookup asks for an exact match (`exact`, which the bundled
   * backend honours) and keeps only an identical address whatever comes back.
   */
  get(address: string) {
    return orKept<UserRow | undefined>(
      async () => {
        const page = await this.call('usersget', { user: { address, exact: true }, count: 100 }, UsersPage);
        const u = page.users.find((x) => x.address === address);
        return u && userRow(u);
      },
      () => this.kept().get(address),
    );
  }

  async create(input: NewUser) {
    const token = input.appid ? { token: { appid: input.appid, expiry: input.expiryMinutes } } : {};
    const r = await this.call('useradd', { user: { address: input.address, name: input.name, ...token } }, UserReply);
    return { user: userRow(r.user), token: issuedOf(r) };
  }

  async save(address: string, change: { name?: string; active?: boolean }) {
    return userRow((await this.call('userset', { user: { address, ...change } }, UserReply)).user);
  }

  async remove(address: string) {
    await this.call('userdel', { user: { address } }, Empty);
  }

  async tokenPlan(): Promise<TokenPlan> {
    return { createsUser: false, tokensKnown: true };
  }

  async issueToken(address: string, token: { appid: string; expiry: number }, plan: TokenPlan): Promise<IssuedToken> {
    return (await this.issue(address, token, plan.createsUser)).issued;
  }

  /** A token by usertoken, or by useradd, which creates the user when it is missing; with the user as answered. */
  async issue(address: string, token: { appid: string; expiry: number }, create: boolean) {
    const r = await this.call(create ? 'useradd' : 'usertoken', { user: { address, token } }, UserReply);
    return { issued: tokenOf(r, token.appid), user: userRow(r.user) };
  }

  async removeToken(address: string, appid: string) {
    await this.call('userset', { user: { address, token: { remove: true, appid } } }, Empty);
  }

  async adopt(): Promise<void> {
    throw new ConsoleError('conflict', "This app's backend lists its users itself: there is no directory to add to.");
  }

  async learn(): Promise<void> {
    throw new ConsoleError(
      'invalid',
      "This app's backend lists its users itself: there is no directory to add them to. Import or create the users first.",
    );
  }
}

export class LiveGroups implements GroupsSource {
  readonly keptHere = false;
  readonly reads = 'backend' as const;
  constructor(
    private readonly call: Call,
    private readonly kept: () => GroupsSource,
    /** A bundled app's engine (bulk runs, lookups), or undefined for a remote backend. */
    private readonly engine: () => Promise<InProcessBackend | undefined> = async () => undefined,
    /**
     * This product's extensions the backend offers: `groupsget.search`, `usergroupsget` (the groups
     * of a user), `groupgetmembers.pages` (members filtered, counted and numbered by the backend).
     */
    private readonly offers: { search?: boolean; userGroups?: boolean; memberPages?: boolean } = {},
    /** Whose members the console reads in order where the backend cannot number them (the app). */
    private readonly scope = '',
  ) {}

  async memberships(gid: number, addresses: readonly string[]) {
    const engine = await this.engine();
    if (!engine) return undefined;
    return new Map((await engine.knownMembers(gid, addresses)).map((m) => [m.address, { send: m.send, recv: m.recv }]));
  }

  async importMembers(gid: number, rows: readonly MemberImportRow[], ledger: RowLedger) {
    for (const [edit, same] of byPermissions(rows)) {
      await this.editMembers(gid, same, edit, ledger);
      if (ledger.stopping()) return;
    }
  }

  async editMembers(gid: number, rows: readonly MemberEditRow[], edit: MembersEdit, ledger: RowLedger) {
    const engine = await this.engine();
    forgetMembers(this.scope, gid);
    for (const chunk of chunksOf(rows)) {
      if (ledger.stopping() || (await this.applyChunk(gid, chunk, edit, ledger, engine))) return;
    }
  }

  /**
   * One groupeditmembers and its rows' outcome: in-process, written in the transaction of its
   * effect; remote, the rows marked sent first (a lost answer: unconfirmed). Refused because an
   * address is not a user (NOUSER, which refuses the whole call), the chunk is split in two and
   * each half sent again, until the unknown addresses fail alone. Returns true to pause.
   */
  private async applyChunk(
    gid: number,
    chunk: readonly MemberEditRow[],
    edit: MembersEdit,
    ledger: RowLedger,
    engine: InProcessBackend | undefined,
  ): Promise<boolean> {
    const request = membersEdit(gid, chunk, edit);
    let split = false;
    let pause = false;
    const ok = (group: GroupRow): RowResult[] => chunk.map((r) => ({ n: r.n, outcome: 'ok', group }));
    const failed = (e: unknown): RowResult[] =>
      e instanceof OpError && e.error === 'NOUSER'
        ? chunk.map((r) => ({ n: r.n, outcome: 'failed', message: NOT_A_USER_THERE }))
        : chunk.map((r) => resultOfError(r.n, e));
    if (engine) {
      await engine.bulk(
        [request],
        async (q, _i, reply) => {
          if (reply.result !== true && reply.error === 'NOUSER' && chunk.length > 1) split = true;
          else
            pause = await ledger.settle(
              reply.result === true ? ok(GroupWire.parse(reply.group)) : failed(opErrorOf(reply)),
              q,
            );
        },
        { rowsPerTransaction: 1 },
      );
    } else {
      await ledger.sent(chunk.map((r) => r.n));
      try {
        const { op, ...payload } = request;
        pause = await ledger.settle(ok((await this.call(op, payload, GroupReply)).group));
      } catch (e) {
        if (e instanceof OpError && e.error === 'NOUSER' && chunk.length > 1) split = true;
        else pause = await ledger.settle(failed(e));
      }
    }
    if (!split) return pause;
    const half = Math.ceil(chunk.length / 2);
    if (await this.applyChunk(gid, chunk.slice(0, half), edit, ledger, engine)) return true;
    return !ledger.stopping() && this.applyChunk(gid, chunk.slice(half), edit, ledger, engine);
  }

  /** As LiveUsers.list: this product's search where the backend offers it (`groupsget.search`), else a name prefix. */
  list(query: GroupQuery, cursor: string | undefined, count: number) {
    return orKept<Page<GroupRow>>(
      async () => {
        if (!this.offers.search) {
          const page = await this.call(
            'groupsget',
            { group: { name: prefixPattern(query.q) }, count: Math.min(count, MAX_PAGE), cursor },
            GroupsPage,
          );
          return { rows: page.groups, next: page.next, source: 'backend', search: 'prefix' };
        }
        const filter = { send: query.send, delivery: query.delivery };
        const page = await this.call(
          'groupsget',
          { q: query.q, sort: query.sort, filter, total: !cursor, count: Math.min(count, MAX_PAGE), cursor },
          GroupsSearchPage,
        );
        return { rows: page.groups, next: page.next, source: 'backend', search: 'full', count: countOf(page) };
      },
      () => this.kept().list(query, cursor, count),
    );
  }

  /** The backend lists by name, so this reads one row of gid order from gid-1. */
  get(gid: number) {
    return orKept<GroupRow | undefined>(
      async () => {
        const cursor = gid > 1 ? { cursor: String(gid - 1) } : {};
        const page = await this.call('groupsget', { count: 1, ...cursor }, GroupsPage);
        return page.groups.find((g) => g.gid === gid);
      },
      () => this.kept().get(gid),
    );
  }

  async create(name: string, flags: number) {
    return (await this.call('groupadd', { group: { name, flags } }, GroupReply)).group;
  }

  async save(gid: number, name: string, flags: number) {
    return (await this.call('groupset', { group: { gid, name, flags } }, GroupReply)).group;
  }

  async remove(gid: number) {
    await this.call('groupdel', { group: { gid } }, Empty);
  }

  /** Through usergroupsget, where the backend names it among its extensions (another instance of this product). */
  async ofUser(address: string, cursor: string | undefined, count: number): Promise<UserGroups> {
    if (!this.offers.userGroups) return { offered: false };
    const page = await this.call(
      'usergroupsget',
      { user: { address }, count: Math.min(count, MAX_PAGE), cursor },
      UserGroupsPage,
    );
    const rows = page.groups.map(({ permissions, admin: _admin, ...g }) => ({
      ...g,
      send: permissions.send,
      recv: permissions.recv,
    }));
    return { offered: true, knownHere: false, rows, next: page.next };
  }

  async members(gid: number, cursor: string | undefined, count: number) {
    const page = await this.call(
      'groupgetmembers',
      { group: { gid }, count: Math.min(count, MAX_PAGE), cursor },
      MembersPage,
    );
    return { rows: page.members, next: page.next };
  }

  /**
   * Page `query.page` of the members whose address starts with `query.q` (any case): numbered
   * and counted by the backend where it offers it (the last page: the page past every other,
   * which the backend answers as its last), else read in order here (lib/sources/member-walk.ts).
   */
  async memberPage(
    gid: number,
    query: { q: string; page: PageNumber },
    size: number,
  ): Promise<NumberedPage<MemberRow>> {
    if (!this.offers.memberPages)
      return walkMembers(this.scope, gid, (cursor) => this.members(gid, cursor, MAX_PAGE), query, size);
    const page = query.page === 'last' ? MAX_PAGE_NUMBER : query.page;
    const r = await this.call(
      'groupgetmembers',
      { group: { gid }, q: query.q, page, total: true, count: Math.min(size, MAX_PAGE) },
      MembersNumberedPage,
    );
    return { rows: r.members, page: r.page, total: r.total, more: r.page * size < r.total };
  }

  async addMembers(gid: number, addresses: string[], perms: { send: boolean; recv: boolean }) {
    forgetMembers(this.scope, gid);
    const members = { m: addresses, permissions: { send: perms.send, recv: perms.recv } };
    return (await this.call('groupeditmembers', { group: { gid, members } }, GroupReply)).group;
  }

  async setMemberPermissions(gid: number, address: string, change: { send?: boolean; recv?: boolean }) {
    forgetMembers(this.scope, gid);
    const members = { m: [address], permissions: change };
    return (await this.call('groupeditmembers', { group: { gid, members } }, GroupReply)).group;
  }

  async removeMember(gid: number, address: string) {
    forgetMembers(this.scope, gid);
    const members = { m: [address] };
    return (await this.call('groupeditmembers', { group: { gid, delete: true, members } }, GroupReply)).group;
  }
}

export class LiveMessages implements MessagesSource {
  constructor(
    private readonly call: Call,
    private readonly kept: () => MessagesSource,
    /** This product's extensions the backend offers: `messagesget.range` (since and until). */
    private readonly offers: { range?: boolean } = {},
  ) {}

  list(filter: MessageFilter, cursor: string | undefined, count: number) {
    return orKept<Page<MessageRow>>(
      async () => {
        if ((filter.since !== undefined || filter.until !== undefined) && !this.offers.range)
          throw new ConsoleError(
            'invalid',
            "This app's backend cannot filter its message log by date (an older version of it): clear the dates, or update the backend.",
            { field: 'since' },
          );
        const page = await this.call(
          'messagesget',
          { message: filter, count: Math.min(count, MAX_PAGE), cursor },
          MessagesPage,
        );
        return { rows: page.messages, next: page.next, source: 'backend' as const };
      },
      () => this.kept().list(filter, cursor, count),
    );
  }

  async send(m: OutgoingMessage) {
    const target = m.gid !== undefined ? { gid: m.gid } : { to: m.to };
    return (await this.call('message', { message: { from: m.from, ...target, message: m.message } }, MessageReply)).mid;
  }
}

export class LiveCounts implements CountsSource {
  constructor(
    private readonly call: Call,
    private readonly kept: () => CountsSource,
    private readonly offersActivity: boolean,
  ) {}

  counts() {
    return orKept<Counts>(
      async () => ({ ...(await this.call('stats', {}, StatsReply)).stats, source: 'backend' as const }),
      () => this.kept().counts(),
    );
  }

  /**
   * The backend's series (`stats.activity`: another instance of this product); users online are
   * the console's own (from webhooks) either way. A backend without them: what the console knows.
   */
  async activity(ask: ActivityAsk): Promise<Activity> {
    if (!this.offersActivity) return this.kept().activity(ask);
    // The backend's series and the console's users online, at once rather than one after the other.
    const [kept, reply] = await Promise.all([
      this.kept().activity(ask),
      this.call('stats', { activity: { ...ask.window, step: ask.step, previous: ask.previous } }, StatsReply),
    ]);
    const a = reply.activity;
    if (!a) return kept;
    return {
      source: 'backend',
      series: {
        direct: a.direct,
        group: a.group,
        'users.console': a.users,
        'users.import': [],
        'users.webhook': [],
        online: kept.series.online,
      },
      previous: {
        direct: a.previous?.direct ?? 0,
        group: a.previous?.group ?? 0,
        'users.console': a.previous?.users ?? 0,
        'users.import': 0,
        'users.webhook': 0,
        online: kept.previous.online,
      },
    };
  }
}

import 'server-only';
import type { Directory, DirectoryUser } from '@/lib/console/directory';
import type { DirectoryGroups } from '@/lib/console/directory-groups';
import { mergeSeries } from '@/lib/db/activity';
import { BadCursor } from '@/lib/db/search';
import type { Queryable } from '@/lib/db/types';
import { newAddressMessage } from '@/lib/domain/address-rules';
import type { GroupQuery, UserQuery } from '@/lib/domain/list-query';
import type { PageNumber } from '@/lib/domain/paging';
import { ConsoleError } from '@/lib/errors';
import { outcomeUnknown } from '@/lib/mesibo/errors';
import type { LiveGroups, LiveMessages, LiveUsers } from './live';
import type {
  Activity,
  ActivityAsk,
  Counts,
  CountsSource,
  GroupRow,
  GroupsSource,
  ImportRow,
  MemberEditRow,
  MemberImportRow,
  MembersEdit,
  MessageFilter,
  MessageRow,
  MessagesSource,
  OutgoingMessage,
  RowLedger,
  SeenFilter,
  TokenPlan,
  UserGroups,
  UserRow,
  UsersSource,
} from './types';

/**
 * The sources of an app whose backend cannot list (mesibo's cloud): reads come from the
 * console's own directory; every change is the live source's call to the backend and, once it
 * succeeded, is kept in the directory in the same request (`writeThrough`, the one place of
 * that rule). A
 * refusal keeps nothing; an unknown outcome (no answer) marks the entry unconfirmed, and the
 * error still reaches the operator.
 */
async function writeThrough<T>(
  call: () => Promise<T>,
  keep: (result: T) => Promise<void>,
  unknown: () => Promise<void>,
): Promise<T> {
  let result: T;
  try {
    result = await call();
  } catch (e) {
    if (outcomeUnknown(e)) await unknown();
    throw e;
  }
  await keep(result);
  return result;
}

/** An address the console is about to make known (to the directory or the backend) meets the rule for new addresses. */
function requireNewAddress(address: string) {
  const problem = newAddressMessage(address);
  if (problem) throw new ConsoleError('invalid', `${JSON.stringify(address)} cannot be a new user here. ${problem}`);
}

/** A keyset cursor as the directory hands it out (the last id of the previous page). */
const afterOf = (cursor: string | undefined) => (cursor && /^\d{1,16}$/.test(cursor) ? Number(cursor) : undefined);

/** A cursor of another search (an old link, another sort): named, never a failure of the server. */
async function searchOrRefuse<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof BadCursor)
      throw new ConsoleError(
        'invalid',
        'This page of the list belongs to another search: start again from the first page.',
        {
          field: 'cursor',
        },
      );
    throw e;
  }
}

const userRow = (u: DirectoryUser): UserRow => ({
  uid: u.uid,
  address: u.address,
  name: u.name,
  active: u.active,
  flags: 0,
  created: u.createdTs,
  tokens: u.tokens,
  learned: u.source,
  changedTs: u.changedTs,
  ...(u.unconfirmedTs ? { unconfirmedTs: u.unconfirmedTs } : {}),
});

export class KeptUsers implements UsersSource {
  readonly keptHere = true;
  readonly reads = 'directory' as const;
  readonly importModes = ['directory', 'backend'] as const;
  constructor(
    private readonly appId: number,
    private readonly dir: Directory,
    private readonly backend: LiveUsers,
  ) {}

  private change<T>(address: string, call: () => Promise<T>, keep: (result: T) => Promise<void>) {
    return writeThrough(call, keep, () => this.dir.markUnconfirmed(this.appId, address));
  }

  async known(addresses: readonly string[]) {
    const found = await this.dir.knownUsers(this.appId, addresses);
    return new Map(
      [...found.values()].map((u) => [
        u.address,
        { address: u.address, name: u.name, active: u.active, uid: u.uid, tokens: u.tokens },
      ]),
    );
  }

  /** The live source's calls, each row that succeeded kept in the directory with its outcome, in one transaction. */
  addMany(rows: readonly ImportRow[], ledger: RowLedger, concurrency: number) {
    const byN = new Map(rows.map((r) => [r.n, r.user]));
    return this.backend.addMany(
      rows,
      {
        stopping: () => ledger.stopping(),
        sent: (ns) => ledger.sent(ns),
        settle: (results, q) => {
          const keep = async (tx: Queryable) => {
            const ok = results.filter((r) => r.outcome === 'ok' && byN.has(r.n));
            await this.dir.putUsers(
              tx,
              this.appId,
              ok.map((r) => ({ address: byN.get(r.n)?.address ?? '', ...r.user })),
              'import',
            );
            for (const r of results.filter((x) => x.outcome === 'unconfirmed'))
              await this.dir.markUnconfirmed(this.appId, byN.get(r.n)?.address ?? '', tx);
            return ledger.settle(results, tx);
          };
          return q ? keep(q) : this.dir.tx(keep);
        },
      },
      concurrency,
    );
  }

  /** Add to directory: the rows' users kept as imported, with their outcomes, one transaction per batch. */
  adoptMany(rows: readonly ImportRow[], ledger: RowLedger) {
    return this.dir.tx(async (q) => {
      const added = await this.dir.putUsers(
        q,
        this.appId,
        rows.map((r) => r.user),
        'import',
      );
      await ledger.settle(
        rows.map((r) => ({
          n: r.n,
          outcome: 'ok' as const,
          message: added.has(r.user.address) ? 'Added to the directory.' : 'Updated in the directory.',
        })),
        q,
      );
    });
  }

  /** Only the addresses it does not know: a known user stays as it is. */
  async learn(addresses: readonly string[]) {
    await this.dir.tx((q) => this.dir.addUnknown(q, this.appId, addresses, 'import'));
  }

  async list(query: UserQuery, cursor: string | undefined, count: number) {
    const page = await searchOrRefuse(() => this.dir.listUsers(this.appId, query, cursor, count));
    return {
      rows: page.users.map(userRow),
      next: page.next,
      source: 'directory' as const,
      search: 'full' as const,
      count: page.count,
    };
  }

  async listBySeen(filter: SeenFilter, cursor: string | undefined, count: number) {
    const m = cursor ? /^(\d{1,16}):(\d{1,16})$/.exec(cursor) : null;
    const after = m ? { seen: Number(m[1]), id: Number(m[2]) } : undefined;
    const page = await this.dir.listBySeen(this.appId, filter, after, count);
    return { rows: page.users.map(userRow), next: page.next, source: 'directory' as const };
  }

  async get(address: string) {
    const u = await this.dir.getUser(this.appId, address);
    return u && userRow(u);
  }

  create(input: Parameters<UsersSource['create']>[0]) {
    return this.change(
      input.address,
      () => this.backend.create(input),
      ({ user: u, token }) =>
        this.dir.putUser(this.appId, {
          address: u.address,
          uid: u.uid,
          name: u.name,
          active: u.active,
          token: token && { appid: token.appid, expires: token.expires },
        }),
    );
  }

  save(address: string, change: { name?: string; active?: boolean }) {
    return this.change(
      address,
      () => this.backend.save(address, change),
      (u) => this.dir.putUser(this.appId, { address, uid: u.uid, ...change }),
    );
  }

  async remove(address: string) {
    await this.change(
      address,
      () => this.backend.remove(address),
      () => this.dir.removeUser(this.appId, address),
    );
  }

  /** The backend's tokens cannot be seen here; an address the directory does not know may be created. */
  async tokenPlan(address: string): Promise<TokenPlan> {
    return { createsUser: !(await this.dir.getUser(this.appId, address)), tokensKnown: false };
  }

  async issueToken(address: string, token: { appid: string; expiry: number }, plan: TokenPlan) {
    if (plan.createsUser) requireNewAddress(address);
    const { issued } = await this.change(
      address,
      () => this.backend.issue(address, token, plan.createsUser),
      ({ issued: t, user: u }) =>
        this.dir.putUser(
          this.appId,
          {
            address,
            uid: u.uid,
            ...(plan.createsUser ? { name: u.name, active: u.active } : {}),
            token: { appid: token.appid, expires: t.expires },
          },
          plan.createsUser ? 'seen' : 'console',
        ),
    );
    return issued;
  }

  async removeToken(address: string, appid: string) {
    await this.change(
      address,
      () => this.backend.removeToken(address, appid),
      () => this.dir.removeToken(this.appId, address, appid),
    );
  }

  /** A user made elsewhere, recorded without calling the backend; a new address meets the rule. */
  async adopt(address: string) {
    if (await this.dir.getUser(this.appId, address)) return;
    requireNewAddress(address);
    await this.dir.putUser(this.appId, { address }, 'manual');
  }
}

export class KeptGroups implements GroupsSource {
  readonly keptHere = true;
  readonly reads = 'directory' as const;
  constructor(
    private readonly appId: number,
    private readonly dir: DirectoryGroups,
    private readonly backend: LiveGroups,
  ) {}

  /**
   * A change to a group (`gid` unknown for a new one, which cannot be marked unconfirmed): the
   * backend's answer is the group as it now is, and members the change names are kept with it.
   */
  private change(gid: number | undefined, call: () => Promise<GroupRow>, members?: (gid: number) => Promise<void>) {
    return writeThrough(
      call,
      async (group) => {
        await this.dir.putGroup(this.appId, group);
        await members?.(group.gid);
      },
      async () => {
        if (gid !== undefined) await this.dir.markUnconfirmed(this.appId, gid);
      },
    );
  }

  async list(query: GroupQuery, cursor: string | undefined, count: number) {
    const page = await searchOrRefuse(() => this.dir.listGroups(this.appId, query, cursor, count));
    return {
      rows: page.groups,
      next: page.next,
      source: 'directory' as const,
      search: 'full' as const,
      count: page.count,
    };
  }

  get(gid: number) {
    return this.dir.getGroup(this.appId, gid);
  }

  create(name: string, flags: number) {
    return this.change(undefined, () => this.backend.create(name, flags));
  }

  save(gid: number, name: string, flags: number) {
    return this.change(gid, () => this.backend.save(gid, name, flags));
  }

  async remove(gid: number) {
    await writeThrough(
      () => this.backend.remove(gid),
      () => this.dir.removeGroup(this.appId, gid),
      () => this.dir.markUnconfirmed(this.appId, gid),
    );
  }

  /** The directory holds the members changed through this console, not the group's: it cannot tell. */
  async memberships() {
    return undefined;
  }

  /**
   * The live source's calls; each chunk applied is kept in the directory (its members, the
   * group as answered) in the transaction of its rows' outcomes, a lost answer marks the group
   * unconfirmed.
   */
  importMembers(gid: number, rows: readonly MemberImportRow[], ledger: RowLedger) {
    const byN = new Map(rows.map((r) => [r.n, r]));
    return this.backend.importMembers(
      gid,
      rows,
      this.keeping(gid, ledger, async (ok, tx) => {
        for (const send of [true, false])
          for (const recv of [true, false]) {
            const same = ok.flatMap((n) => byN.get(n) ?? []).filter((r) => r.send === send && r.recv === recv);
            if (same.length)
              await this.dir.putMembers(
                this.appId,
                gid,
                same.map((r) => r.address),
                { send, recv },
                tx,
              );
          }
      }),
    );
  }

  /** As importMembers: the members removed or changed are kept so in the directory. */
  editMembers(gid: number, rows: readonly MemberEditRow[], edit: MembersEdit, ledger: RowLedger) {
    const byN = new Map(rows.map((r) => [r.n, r.address]));
    return this.backend.editMembers(
      gid,
      rows,
      edit,
      this.keeping(gid, ledger, async (ok, tx) => {
        const addresses = ok.flatMap((n) => byN.get(n) ?? []);
        if (!addresses.length) return;
        if ('remove' in edit) await this.dir.removeMembers(this.appId, gid, addresses, tx);
        else await this.dir.putMembers(this.appId, gid, addresses, edit.permissions, tx);
      }),
    );
  }

  /** A ledger that keeps what each chunk did (`keep`: the rows that went as asked) with its outcomes. */
  private keeping(gid: number, ledger: RowLedger, keep: (ok: number[], tx: Queryable) => Promise<void>): RowLedger {
    return {
      stopping: () => ledger.stopping(),
      sent: (ns) => ledger.sent(ns),
      settle: (results, q) => {
        const write = async (tx: Queryable) => {
          const group = results.find((r) => r.group)?.group;
          if (group) await this.dir.putGroup(this.appId, group, tx);
          await keep(
            results.filter((r) => r.outcome === 'ok').map((r) => r.n),
            tx,
          );
          if (results.some((r) => r.outcome === 'unconfirmed')) await this.dir.markUnconfirmed(this.appId, gid, tx);
          return ledger.settle(results, tx);
        };
        return q ? write(q) : this.dir.tx(write);
      },
    };
  }

  /** The memberships the directory knows (made through this console and its imports). */
  async ofUser(address: string, cursor: string | undefined, count: number): Promise<UserGroups> {
    const after = cursor === undefined ? undefined : Number(cursor);
    if (after !== undefined && !Number.isSafeInteger(after))
      throw new ConsoleError('invalid', 'This page of groups is out of date: open the list again.');
    const page = await this.dir.groupsOf(this.appId, address, after, count);
    const rows = page.groups.map(({ gid, name, flags, active, send, recv }) => ({
      gid,
      name,
      flags,
      active,
      send,
      recv,
    }));
    return { offered: true, knownHere: true, rows, next: page.next === undefined ? undefined : String(page.next) };
  }

  /** Members are read from the backend (groupgetmembers, which mesibo's cloud has). */
  members(gid: number, cursor: string | undefined, count: number) {
    return this.backend.members(gid, cursor, count);
  }

  memberPage(gid: number, query: { q: string; page: PageNumber }, size: number) {
    return this.backend.memberPage(gid, query, size);
  }

  addMembers(gid: number, addresses: string[], perms: { send: boolean; recv: boolean }) {
    return this.change(
      gid,
      () => this.backend.addMembers(gid, addresses, perms),
      () => this.dir.putMembers(this.appId, gid, addresses, perms),
    );
  }

  setMemberPermissions(gid: number, address: string, change: { send?: boolean; recv?: boolean }) {
    return this.change(
      gid,
      () => this.backend.setMemberPermissions(gid, address, change),
      () => this.dir.putMembers(this.appId, gid, [address], change),
    );
  }

  removeMember(gid: number, address: string) {
    return this.change(
      gid,
      () => this.backend.removeMember(gid, address),
      () => this.dir.removeMember(this.appId, gid, address),
    );
  }
}

/**
 * A backend without messagesget (mesibo's cloud) has no way to read messages: the log holds
 * those sent from this console, one whose answer was lost kept as unconfirmed.
 */
export class KeptMessages implements MessagesSource {
  constructor(
    private readonly appId: number,
    private readonly dir: DirectoryGroups,
    private readonly backend: LiveMessages,
  ) {}

  async list(filter: MessageFilter, cursor: string | undefined, count: number) {
    const page = await this.dir.listMessages(this.appId, filter, afterOf(cursor), count);
    const rows = page.messages.map(
      (m): MessageRow => ({
        mid: m.mid,
        from: m.from,
        to: m.to,
        gid: m.gid,
        ...(m.groupName === undefined ? {} : { groupname: m.groupName }),
        // How many a group message reached is the backend's to know: -1, unknown.
        recipients: m.gid ? -1 : m.to.length,
        type: 0,
        message: m.message,
        url: '',
        title: '',
        flags: 0,
        ts: m.ts,
        when: m.ts,
        ...(m.unconfirmed ? { unconfirmed: true } : {}),
      }),
    );
    return { rows, next: page.next?.toString(), source: 'directory' as const };
  }

  send(m: OutgoingMessage) {
    const kept = { from: m.from, to: m.gid !== undefined ? [] : m.to, gid: m.gid, message: m.message };
    return writeThrough(
      () => this.backend.send(m),
      (mid) => this.dir.addMessage(this.appId, { ...kept, mid }),
      // Lost answer: it may have been sent. The log says so, rather than forgetting it.
      () => this.dir.addMessage(this.appId, { ...kept, mid: 0, unconfirmed: true }),
    );
  }
}

/** What the console knows: the users and groups of its directory (where it is their list), and the messages sent here. */
export class KeptCounts implements CountsSource {
  constructor(
    private readonly appId: number,
    private readonly users: Directory,
    private readonly groups: DirectoryGroups,
    private readonly kept: { users: boolean; groups: boolean },
  ) {}

  async counts(): Promise<Counts> {
    const { groups, messages } = await this.groups.counts(this.appId);
    return {
      users: this.kept.users ? await this.users.countUsers(this.appId) : undefined,
      groups: this.kept.groups ? groups : undefined,
      messages,
      source: 'directory',
      breach: undefined,
    };
  }

  /** Messages sent through the console; users its directory learned (the manual ones with the console's); users online. */
  async activity(ask: ActivityAsk): Promise<Activity> {
    const [a, before] = await Promise.all([
      this.users.activity(this.appId, ask.window, ask.step),
      this.users.activityTotals(this.appId, ask.previous),
    ]);
    const { 'users.manual': manual, ...series } = a;
    const { 'users.manual': manualBefore, ...previous } = before;
    return {
      source: 'directory',
      series: { ...series, 'users.console': mergeSeries(a['users.console'], manual) },
      previous: { ...previous, 'users.console': before['users.console'] + manualBefore },
    };
  }
}

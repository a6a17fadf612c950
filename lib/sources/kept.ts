import 'server-only';
import type { Directory, DirectoryUser } from '@/lib/console/directory';
import type { DirectoryGroups } from '@/lib/console/directory-groups';
import { newAddressMessage } from '@/lib/domain/address-rules';
import { ConsoleError } from '@/lib/errors';
import { Empty, GroupReply, MembersPage, MessageReply, UserReply } from '@/lib/mesibo/contract';
import { outcomeUnknown } from '@/lib/mesibo/errors';
import { issuedOf, tokenOf, userRow as wireRow } from './live';
import type {
  Call,
  Counts,
  CountsSource,
  GroupsSource,
  MessageFilter,
  MessageRow,
  MessagesSource,
  NewUser,
  OutgoingMessage,
  TokenPlan,
  UserRow,
  UsersSource,
} from './types';

/**
 * The sources of an app whose backend cannot list (mesibo's cloud): reads come from the
 * console's own directory; every change goes to the backend and, once it succeeded, is kept
 * in the directory in the same request (`writeThrough`, the one place of that rule). A
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
  constructor(
    private readonly appId: number,
    private readonly dir: Directory,
    private readonly call: Call,
  ) {}

  private change<T>(address: string, call: () => Promise<T>, keep: (result: T) => Promise<void>) {
    return writeThrough(call, keep, () => this.dir.markUnconfirmed(this.appId, address));
  }

  async list(pattern: string, cursor: string | undefined, count: number) {
    const page = await this.dir.listUsers(this.appId, pattern, afterOf(cursor), count);
    return { rows: page.users.map(userRow), next: page.next?.toString(), source: 'directory' as const };
  }

  async get(address: string) {
    const u = await this.dir.getUser(this.appId, address);
    return u && userRow(u);
  }

  async create(input: NewUser) {
    const token = input.appid ? { token: { appid: input.appid, expiry: input.expiryMinutes } } : {};
    const r = await this.change(
      input.address,
      () => this.call('useradd', { user: { address: input.address, name: input.name, ...token } }, UserReply),
      async ({ user: u }) =>
        this.dir.putUser(this.appId, {
          address: u.address,
          uid: u.uid,
          name: u.name,
          active: u.active,
          token: u.appid ? { appid: u.appid, expires: u.expires ?? 0 } : undefined,
        }),
    );
    return { user: wireRow(r.user), token: issuedOf(r) };
  }

  async save(address: string, change: { name?: string; active?: boolean }) {
    const r = await this.change(
      address,
      () => this.call('userset', { user: { address, ...change } }, UserReply),
      ({ user: u }) => this.dir.putUser(this.appId, { address, uid: u.uid, ...change }),
    );
    return wireRow(r.user);
  }

  async remove(address: string) {
    await this.change(
      address,
      () => this.call('userdel', { user: { address } }, Empty),
      () => this.dir.removeUser(this.appId, address),
    );
  }

  /** The backend's tokens cannot be seen here; an address the directory does not know may be created. */
  async tokenPlan(address: string): Promise<TokenPlan> {
    return { createsUser: !(await this.dir.getUser(this.appId, address)), tokensKnown: false };
  }

  async issueToken(address: string, token: { appid: string; expiry: number }, plan: TokenPlan) {
    // useradd creates the user when it is missing (and updates it otherwise), and issues the token.
    if (plan.createsUser) requireNewAddress(address);
    const op = plan.createsUser ? 'useradd' : 'usertoken';
    const r = await this.change(
      address,
      () => this.call(op, { user: { address, token } }, UserReply),
      ({ user: u }) =>
        this.dir.putUser(
          this.appId,
          {
            address,
            uid: u.uid,
            ...(plan.createsUser ? { name: u.name, active: u.active } : {}),
            token: { appid: token.appid, expires: u.expires ?? 0 },
          },
          plan.createsUser ? 'seen' : 'console',
        ),
    );
    return tokenOf(r, token.appid);
  }

  async removeToken(address: string, appid: string) {
    await this.change(
      address,
      () => this.call('userset', { user: { address, token: { remove: true, appid } } }, Empty),
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
  constructor(
    private readonly appId: number,
    private readonly dir: DirectoryGroups,
    private readonly call: Call,
  ) {}

  /** A change to a group (`gid` unknown for a new one, which cannot be marked unconfirmed). */
  private change<T>(gid: number | undefined, call: () => Promise<T>, keep: (result: T) => Promise<void>) {
    return writeThrough(call, keep, async () => {
      if (gid !== undefined) await this.dir.markUnconfirmed(this.appId, gid);
    });
  }

  async list(pattern: string, cursor: string | undefined, count: number) {
    const page = await this.dir.listGroups(this.appId, pattern, afterOf(cursor), count);
    return { rows: page.groups, next: page.next?.toString(), source: 'directory' as const };
  }

  get(gid: number) {
    return this.dir.getGroup(this.appId, gid);
  }

  async create(name: string, flags: number) {
    const r = await this.change(
      undefined,
      () => this.call('groupadd', { group: { name, flags } }, GroupReply),
      (reply) => this.dir.putGroup(this.appId, reply.group),
    );
    return r.group;
  }

  async save(gid: number, name: string, flags: number) {
    const r = await this.change(
      gid,
      () => this.call('groupset', { group: { gid, name, flags } }, GroupReply),
      (reply) => this.dir.putGroup(this.appId, reply.group),
    );
    return r.group;
  }

  async remove(gid: number) {
    await this.change(
      gid,
      () => this.call('groupdel', { group: { gid } }, Empty),
      () => this.dir.removeGroup(this.appId, gid),
    );
  }

  /** Members are read from the backend (groupgetmembers, which mesibo's cloud has). */
  async members(gid: number, cursor: string | undefined, count: number) {
    const page = await this.call('groupgetmembers', { group: { gid }, count, cursor }, MembersPage);
    return { rows: page.members, next: page.next };
  }

  async addMembers(gid: number, addresses: string[], perms: { send: boolean; recv: boolean }) {
    const members = { m: addresses, permissions: { send: perms.send, recv: perms.recv } };
    const r = await this.change(
      gid,
      () => this.call('groupeditmembers', { group: { gid, members } }, GroupReply),
      async (reply) => {
        await this.dir.putGroup(this.appId, reply.group);
        await this.dir.putMembers(this.appId, gid, addresses, perms);
      },
    );
    return r.group;
  }

  async setMemberPermissions(gid: number, address: string, change: { send?: boolean; recv?: boolean }) {
    await this.change(
      gid,
      () =>
        this.call('groupeditmembers', { group: { gid, members: { m: [address], permissions: change } } }, GroupReply),
      async (reply) => {
        await this.dir.putGroup(this.appId, reply.group);
        await this.dir.putMembers(this.appId, gid, [address], change);
      },
    );
  }

  async removeMember(gid: number, address: string) {
    await this.change(
      gid,
      () => this.call('groupeditmembers', { group: { gid, delete: true, members: { m: [address] } } }, GroupReply),
      async (reply) => {
        await this.dir.putGroup(this.appId, reply.group);
        await this.dir.removeMember(this.appId, gid, address);
      },
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
    private readonly call: Call,
  ) {}

  async list(filter: MessageFilter, cursor: string | undefined, count: number) {
    const page = await this.dir.listMessages(this.appId, filter, afterOf(cursor), count);
    const rows = page.messages.map(
      (m): MessageRow => ({
        mid: m.mid,
        from: m.from,
        to: m.to,
        gid: m.gid,
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

  async send(m: OutgoingMessage) {
    const target = m.gid !== undefined ? { gid: m.gid } : { to: m.to };
    const kept = { from: m.from, to: m.gid !== undefined ? [] : m.to, gid: m.gid, message: m.message };
    const r = await writeThrough(
      () => this.call('message', { message: { from: m.from, ...target, message: m.message } }, MessageReply),
      (reply) => this.dir.addMessage(this.appId, { ...kept, mid: reply.mid }),
      // Lost answer: it may have been sent. The log says so, rather than forgetting it.
      () => this.dir.addMessage(this.appId, { ...kept, mid: 0, unconfirmed: true }),
    );
    return r.mid;
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
}

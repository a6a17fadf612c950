import 'server-only';
import type { AppAccess } from '@/lib/console/app-access';
import { Directory } from '@/lib/console/directory';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import { appBackends } from '@/lib/server/app-backends';
import { consoleDb } from '@/lib/server/db';
import { KeptCounts, KeptGroups, KeptMessages, KeptUsers } from './kept';
import { LiveCounts, LiveGroups, LiveMessages, LiveUsers } from './live';
import type { Call, GroupsSource, MessagesSource, Sources, UsersSource } from './types';

export type * from './types';

/**
 * The sources of an app for this request, chosen once, when the app is resolved: per resource,
 * its Backend API where the backend offers the listing op (usersget, groupsget, messagesget,
 * stats), else the console's directory. Kept per AppAccess (one per request), so a page and
 * everything it reads share one choice and at most one probe.
 */
const chosen = new WeakMap<AppAccess, Promise<Sources>>();

export function sourcesFor(app: AppAccess): Promise<Sources> {
  let sources = chosen.get(app);
  if (!sources) {
    sources = choose(app);
    chosen.set(app, sources);
  }
  return sources;
}

async function choose(app: AppAccess): Promise<Sources> {
  const backends = await appBackends();
  const call: Call = (op, payload, schema) => backends.call(app, op, payload, schema);
  const db = await consoleDb();
  const directory = new Directory(db);
  const log = new DirectoryGroups(db);
  const offered = await backends.offered(app);
  // The live sources read the directory when an op turns out missing (lazily: the directory's
  // sources make their changes through the live ones).
  const live = {
    users: new LiveUsers(
      call,
      (): UsersSource => kept.users,
      () => backends.inProcess(app),
      offered['usersget.search'],
    ),
    groups: new LiveGroups(
      call,
      (): GroupsSource => kept.groups,
      () => backends.inProcess(app),
      {
        search: offered['groupsget.search'],
        userGroups: offered.usergroupsget,
        memberPages: offered['groupgetmembers.pages'],
      },
      String(app.id),
    ),
    messages: new LiveMessages(call, (): MessagesSource => kept.messages, {
      range: offered['messagesget.range'],
    }),
  };
  const kept = {
    users: new KeptUsers(app.id, directory, live.users),
    groups: new KeptGroups(app.id, log, live.groups),
    messages: new KeptMessages(app.id, log, live.messages),
    counts: new KeptCounts(app.id, directory, log, { users: !offered.usersget, groups: !offered.groupsget }),
  };
  return {
    users: offered.usersget ? live.users : kept.users,
    groups: offered.groupsget ? live.groups : kept.groups,
    messages: offered.messagesget ? live.messages : kept.messages,
    counts: offered.stats ? new LiveCounts(call, () => kept.counts, offered['stats.activity']) : kept.counts,
  };
}

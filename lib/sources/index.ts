import 'server-only';
import type { AppAccess } from '@/lib/console/app-access';
import { Directory } from '@/lib/console/directory';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import { appBackends } from '@/lib/server/app-backends';
import { consoleDb } from '@/lib/server/db';
import { KeptCounts, KeptGroups, KeptMessages, KeptUsers } from './kept';
import { LiveCounts, LiveGroups, LiveMessages, LiveUsers } from './live';
import type { Call, Sources } from './types';

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
  const keptUsers = new KeptUsers(app.id, directory, call);
  const keptGroups = new KeptGroups(app.id, log, call);
  const keptMessages = new KeptMessages(app.id, log, call);
  const offered = await backends.offered(app);
  const keptCounts = new KeptCounts(app.id, directory, log, { users: !offered.usersget, groups: !offered.groupsget });
  return {
    users: offered.usersget ? new LiveUsers(call, keptUsers) : keptUsers,
    groups: offered.groupsget ? new LiveGroups(call, keptGroups) : keptGroups,
    messages: offered.messagesget ? new LiveMessages(call, keptMessages) : keptMessages,
    counts: offered.stats ? new LiveCounts(call, keptCounts) : keptCounts,
  };
}

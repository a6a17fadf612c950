import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleOnline } from '@/lib/console/activity';
import { Directory } from '@/lib/console/directory';
import { DirectoryGroups } from '@/lib/console/directory-groups';
import { PresenceStore } from '@/lib/console/presence';
import { secretBox } from '@/lib/console/secret-box';
import { putPresence, WebhookStore } from '@/lib/console/webhooks';
import { compactActivity } from '@/lib/db/activity';
import { remoteConsoleApp, SERVER_KEY, type TestEngine, testEngine } from '../../../helpers/engine';

// A cloud app's activity as this console knows it: messages sent from here, users its directory
// learned (an import's apart from the console's and the webhooks'), users online from webhooks.
let t: TestEngine;
let app: number;
let other: number;
const now = () => Math.floor(Date.now() / 1000);
const window = () => ({ since: now() - 3600, until: now() + 900 });
const sum = (s: [number, number][]) => s.reduce((a, [, n]) => a + n, 0);
beforeAll(async () => {
  t = await testEngine();
  app = await remoteConsoleApp(t.db, 'cloud');
  other = await remoteConsoleApp(t.db, 'cloud-2');
});
afterAll(async () => t.close());

describe("the console's activity of an app", () => {
  it('counts messages sent here, and users by how the directory learned them', async () => {
    const dir = new Directory(t.db);
    const log = new DirectoryGroups(t.db);
    await dir.putUser(app, { address: 'made-here' });
    await dir.tx((q) =>
      dir.putUsers(q, app, [{ address: 'imp-1' }, { address: 'imp-2' }, { address: 'imp-3' }], 'import'),
    );
    await dir.tx((q) => dir.addUnknown(q, app, ['hook-1', 'hook-2', 'imp-1'], 'webhook'));
    await log.addMessage(app, { mid: 1, from: 'made-here', to: ['imp-1'], message: 'hi' });
    await log.addMessage(app, { mid: 2, from: 'made-here', to: [], gid: 7, message: 'all' });
    await log.addMessage(other, { mid: 3, from: 'x', to: ['y'], message: 'elsewhere' });
    const a = await dir.activity(app, window());
    expect(sum(a['users.console'])).toBe(1);
    expect(sum(a['users.import'])).toBe(3);
    expect(sum(a['users.webhook'])).toBe(2);
    expect(sum(a.direct)).toBe(1);
    expect(sum(a.group)).toBe(1);
    expect(sum((await dir.activity(other, window())).direct)).toBe(1);
  });

  it('samples users online on apps whose webhooks are on, keeping the highest in the quarter hour', async () => {
    const store = new WebhookStore(t.db, secretBox(SERVER_KEY));
    await store.settings(app);
    await store.change(app, { enabled: true });
    const presence = new PresenceStore(t.db, 24);
    const ms = Date.now();
    await t.db.tx((q) =>
      putPresence(q, app, [
        { address: 'a', online: true, ts: ms },
        { address: 'b', online: true, ts: ms },
        { address: 'c', online: true, ts: ms },
      ]),
    );
    expect(await sampleOnline(t.db, presence)).toBe(1);
    await t.db.tx((q) => putPresence(q, app, [{ address: 'c', online: false, ts: ms + 1 }]));
    await sampleOnline(t.db, presence);
    const online = (await new Directory(t.db).activity(app, window())).online;
    expect(online).toEqual([[now() - (now() % 900), 3]]);
    expect((await new Directory(t.db).activity(other, window())).online).toEqual([]);
  });

  it('keeps the same numbers once a quarter hour’s rows are folded into one', async () => {
    const before = await new Directory(t.db).activity(app, window());
    await compactActivity(t.db, 'directory_activity', now() + 900);
    expect(await new Directory(t.db).activity(app, window())).toEqual(before);
    const rows = await t.db.all<{ kind: string; bucket: number; n: number }>(
      'SELECT kind, bucket, COUNT(*) AS n FROM directory_activity WHERE app_id = ? GROUP BY kind, bucket HAVING COUNT(*) > 1',
      [app],
    );
    expect(rows).toEqual([]);
  });
});

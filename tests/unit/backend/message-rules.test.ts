import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpFailure } from '@/lib/backend/errors';
import type { OpContext } from '@/lib/backend/ops/context';
import { GROUP_FLAGS } from '@/lib/backend/ops/groups';
import { checkMessage, messageOf, sendInOneStatement } from '@/lib/backend/ops/messages';
import { deriveKeys } from '@/lib/backend/secrets';
import { SERVER_KEY, type TestEngine, testEngine } from '../../helpers/engine';

/**
 * The rules of `message` (lib/backend/ops/message-rules.ts), one table of cases, each rule
 * failing alone: the op's answer, the step-by-step path's answer, and on PostgreSQL the
 * one-statement path's (a message stored exactly when every rule holds) must all agree, on
 * the database the suite runs on (SQLite, or PostgreSQL with TEST_DATABASE_URL).
 */
let t: TestEngine;
let ctx: OpContext;
const tag = `mr${Date.now().toString(36)}`;
const a = (name: string) => `${tag}-${name}`;
const gids: Record<string, number> = {};

beforeAll(async () => {
  t = await testEngine();
  const app = await t.engine.apps.find(t.appId);
  if (!app) throw new Error('no app');
  ctx = { db: t.db, app, now: Math.floor(Date.now() / 1000), keys: deriveKeys(SERVER_KEY) };
  for (const name of ['ann', 'bob', 'off', 'muted', 'voice'])
    await t.call({ op: 'useradd', user: { address: a(name) } });
  await t.call({ op: 'userset', user: { address: a('off'), active: false } });
  const group = async (name: string, flags: number, members: { m: string[]; send?: boolean }[], active = true) => {
    const g = (await t.call({ op: 'groupadd', group: { name: a(name), flags } })).group;
    for (const { m, send = true } of members)
      await t.call({
        op: 'groupeditmembers',
        group: { gid: g.gid, members: { m, permissions: { send, recv: true } } },
      });
    if (!active) await t.call({ op: 'groupset', group: { gid: g.gid, active: false } });
    gids[name] = g.gid;
  };
  await group('open', 0, [{ m: [a('ann'), a('bob'), a('off')] }]);
  await group('closed', 0, [{ m: [a('bob')] }], false);
  await group('anyone', GROUP_FLAGS.sendByAnyone, [{ m: [a('bob')] }]);
  await group('selected', GROUP_FLAGS.sendBySelected, [{ m: [a('voice')] }, { m: [a('muted')], send: false }]);
  await group('turns', GROUP_FLAGS.roundRobin, [{ m: [a('ann'), a('bob')] }]);
  await group('unstored', GROUP_FLAGS.noStorage, [{ m: [a('ann'), a('bob')] }]);
});
afterAll(async () => t.close());

type Answer = { result: true } | { error: string; properties: string[] };
type Case = { name: string; message: () => Record<string, unknown>; answer: Answer; leftOut?: true };
const OK: Answer = { result: true };
const refused = (error: string, ...properties: string[]): Answer => ({ error, properties });

const CASES: Case[] = [
  { name: 'to users, every rule holds', message: () => ({ from: a('ann'), to: [a('bob')] }), answer: OK },
  {
    name: 'the sender does not exist',
    message: () => ({ from: a('ghost'), to: [a('bob')] }),
    answer: refused('NOUSER', 'message.from'),
  },
  {
    name: 'a recipient does not exist',
    message: () => ({ from: a('ann'), to: [a('bob'), a('ghost')] }),
    answer: refused('NOUSER', 'message.to'),
  },
  {
    name: 'the sender is deactivated (to users)',
    message: () => ({ from: a('off'), to: [a('bob')] }),
    answer: refused('NOTALLOWED', 'message.from'),
  },
  { name: 'to a group, every rule holds', message: () => ({ from: a('ann'), gid: gids.open }), answer: OK },
  {
    name: 'the group does not exist',
    message: () => ({ from: a('ann'), gid: 999_999_999 }),
    answer: refused('NOGROUP', 'message.gid'),
  },
  {
    name: 'the sender is deactivated (to a group)',
    message: () => ({ from: a('off'), gid: gids.open }),
    answer: refused('NOTALLOWED', 'message.from'),
  },
  {
    name: 'the group is deactivated',
    message: () => ({ from: a('bob'), gid: gids.closed }),
    answer: refused('NOTALLOWED', 'message.gid'),
  },
  {
    name: 'a non-member, where only members send',
    message: () => ({ from: a('voice'), gid: gids.open }),
    answer: refused('NOTALLOWED', 'message.from', 'message.gid'),
  },
  { name: 'a non-member, where anyone may send', message: () => ({ from: a('ann'), gid: gids.anyone }), answer: OK },
  {
    name: 'a member without send permission, where only selected members send',
    message: () => ({ from: a('muted'), gid: gids.selected }),
    answer: refused('NOTALLOWED', 'message.from', 'message.gid'),
  },
  {
    name: 'a member with send permission, where only selected members send',
    message: () => ({ from: a('voice'), gid: gids.selected }),
    answer: OK,
  },
  {
    name: 'a round-robin group (left out of the one statement)',
    message: () => ({ from: a('ann'), gid: gids.turns }),
    answer: OK,
    leftOut: true,
  },
  {
    name: 'a group that stores nothing (left out of the one statement)',
    message: () => ({ from: a('ann'), gid: gids.unstored }),
    answer: OK,
    leftOut: true,
  },
];

const answerOf = (e: unknown): Answer => {
  if (e instanceof OpFailure) return refused(e.error, ...e.properties);
  throw e;
};

describe(`the rules of message, through every path (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'})`, () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const message = { ...c.message(), message: c.name };
      // The op, as app servers call it.
      const op = await t.call({ op: 'message', message });
      expect(op.result ? OK : refused(op.error, ...op.properties)).toEqual(c.answer);
      // The step-by-step path alone.
      const m = messageOf({ message });
      const step = await t.db.tx((q) => checkMessage(q, ctx, m)).then(() => OK, answerOf);
      expect(step).toEqual(c.answer);
      // PostgreSQL's one statement alone: it stores the message exactly when every rule holds.
      if (t.db.dialect === 'postgres') {
        const mid = await sendInOneStatement(ctx, m);
        expect(mid !== undefined).toBe(c.answer === OK && !c.leftOut);
      }
    });
  }
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackend } from '@/lib/backend';
import type { Engine, Envelope } from '@/lib/backend/engine';
import { AppRegistry } from '@/lib/console/apps';
import { CONSOLE_MIGRATIONS } from '@/lib/console/migrations';
import { secretBox } from '@/lib/console/secret-box';
import { openPostgres } from '@/lib/db/postgres';
import { openSqlite } from '@/lib/db/sqlite';
import type { Db } from '@/lib/db/types';
import { throwawaySchema } from './pg-schema';

/**
 * A fresh engine for one test file: SQLite in a temporary directory, or, when
 * TEST_DATABASE_URL is set, a fresh schema in that PostgreSQL database (the same suite
 * then proves both databases behave identically).
 */
export const APP_TOKEN = 'testtoken0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefgh';
export const SERVER_KEY = 'test-server-key-0123456789abcdefghijklmnopqrstuvwxyz';

export interface TestEngine {
  engine: Engine;
  db: Db;
  appId: number;
  /** Calls an op with the app token, as an in-process caller (no breach accounting). */
  call: (req: Record<string, unknown>) => Promise<Envelope & Record<string, any>>;
  /** A second engine on the same database, standing in for another process. */
  openSecond: () => Promise<Engine>;
  /** Where the database is, for another process: the SQLite data folder, or the PostgreSQL URL (its schema). */
  location: string;
  close: () => Promise<void>;
}

export async function testEngine(options: { breachMaxAddresses?: number; breachWindowHours?: number } = {}) {
  const url = process.env.TEST_DATABASE_URL;
  let db: Db;
  let drop: () => Promise<void>;
  let reopen: () => Db;
  let location: string;
  if (url) {
    const schema = await throwawaySchema(url, 't');
    db = openPostgres(schema.url, 4);
    reopen = () => openPostgres(schema.url, 2);
    location = schema.url;
    drop = schema.drop;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-engine-'));
    db = openSqlite(dir);
    reopen = () => openSqlite(dir);
    location = dir;
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const config = {
    migrations: CONSOLE_MIGRATIONS,
    dataDir: '',
    appToken: APP_TOKEN,
    secretKey: SERVER_KEY,
    breachMaxAddresses: options.breachMaxAddresses ?? 5,
    breachWindowHours: options.breachWindowHours ?? 24,
  };
  const { engine, defaultAppId } = await openBackend(config, db);
  const call = async (req: Record<string, unknown>) => (await engine.call({ token: APP_TOKEN, ...req })).body as any;
  return {
    engine,
    db,
    appId: defaultAppId,
    call,
    openSecond: async () => (await openBackend(config, reopen())).engine,
    location,
    close: async () => {
      await db.close();
      await drop();
    },
  } satisfies TestEngine;
}

/** Asserts a failure envelope and returns it, for further checks. */
export function expectFailure(body: Record<string, any>, error: string, properties?: string[]) {
  if (body.result !== false || body.error !== error) {
    throw new Error(`expected ${error}, got ${JSON.stringify(body)}`);
  }
  if (typeof body.code !== 'number' || typeof body.cause !== 'string' || typeof body.action !== 'string') {
    throw new Error(`incomplete failure envelope: ${JSON.stringify(body)}`);
  }
  if (!Array.isArray(body.properties)) throw new Error(`properties missing: ${JSON.stringify(body)}`);
  if (properties && JSON.stringify([...body.properties].sort()) !== JSON.stringify([...properties].sort())) {
    throw new Error(`expected properties ${JSON.stringify(properties)}, got ${JSON.stringify(body.properties)}`);
  }
  return body;
}

/** A stable fingerprint of every table's content, to prove a failed request changed nothing. */
export async function snapshot(db: Db): Promise<string> {
  const tables = ['apps', 'users', 'tokens', 'chat_groups', 'members', 'messages', 'message_to', 'otps', 'uacs'];
  const parts: string[] = [];
  for (const t of tables) {
    const rows = await db.all(`SELECT * FROM ${t}`);
    parts.push(`${t}:${JSON.stringify(rows.map((r) => JSON.stringify(r)).sort())}`);
  }
  return parts.join('\n');
}

/** A remote app in the console's registry (an app of the cloud), for tests of what the console keeps per app. */
export async function remoteConsoleApp(db: Db, name: string): Promise<number> {
  const registry = new AppRegistry(db, { bundled: true });
  const app = await registry.createRemote(secretBox(SERVER_KEY), {
    name,
    environment: 'development',
    apiUrl: 'https://api.mesibo.com/backend/',
    token: 'cloudtoken0123456789abcdefghijklmnopqrstuvwxyz',
  });
  return app.id;
}

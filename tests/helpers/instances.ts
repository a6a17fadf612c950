import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { throwawaySchema } from './pg-schema';
import { startProxy } from './round-robin-proxy';
import { type RunningServer, startServer } from './server';

/**
 * Several instances of the production build (dist/server.js) on one PostgreSQL database
 * (a throwaway schema in TEST_DATABASE_URL), started at the same moment, behind a proxy
 * that sends every request to the next instance in turn (tests/helpers/round-robin-proxy.mjs).
 */
export interface Cluster {
  /** The proxy's URL: what operators and app servers use. */
  url: string;
  instances: RunningServer[];
  /** The environment every instance shares (another instance starts with it). */
  env: Record<string, string>;
  /** SQL on the instances' database. */
  query: <T extends pg.QueryResultRow>(sql: string, params?: unknown[]) => Promise<T[]>;
  stop: () => Promise<void>;
}

export async function startCluster(count: number, port: number, env: Record<string, string>): Promise<Cluster> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set: run scripts/test-instances.sh (it starts PostgreSQL).');
  const schema = await throwawaySchema(base, 'i');
  const url = `http://127.0.0.1:${port}`;
  const shared = {
    DATABASE_URL: schema.url,
    DATABASE_POOL_SIZE: '5',
    NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
    CONSOLE_SECRET_KEY: randomBytes(32).toString('hex'),
    NEXTAUTH_URL: url,
    TRUST_PROXY: '1',
    LOG_LEVEL: 'warn',
    ...env,
  };
  // All at once, on an empty schema: the first start's races happen here if anywhere.
  const instances = await Promise.all(Array.from({ length: count }, () => startServer(shared)));
  const proxy = await startProxy(
    port,
    instances.map((i) => i.url),
  );
  return {
    url,
    instances,
    env: shared,
    query: async (sql, params) => (await schema.query(sql, params)).rows,
    stop: async () => {
      await proxy.close();
      await Promise.all(instances.map((i) => i.stop()));
      await schema.drop();
    },
  };
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh, empty schema in a PostgreSQL database, and the URL that makes it a connection's
 * only schema (search_path): each test file, benchmark or cluster gets a database of its own
 * without needing the right to create databases. `drop` removes it with everything in it.
 */
export async function throwawaySchema(
  url: string,
  prefix: string,
): Promise<{ url: string; query: pg.Client['query']; drop: () => Promise<void> }> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`SET search_path = ${schema}`);
  const sep = url.includes('?') ? '&' : '?';
  return {
    url: `${url}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    query: admin.query.bind(admin) as pg.Client['query'],
    drop: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

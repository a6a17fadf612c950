import 'server-only';
import type { Db } from '@/lib/db/types';
import { bundledBackend } from './backend';

/** The product's database (operators, audit log), shared with the bundled backend. */
export async function consoleDb(): Promise<Db> {
  return (await bundledBackend()).engine.db;
}

import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Unit tests: the engine and libraries, in Node, against a temporary SQLite database
// (or PostgreSQL when TEST_DATABASE_URL is set; see scripts/test-postgres.sh).
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      'server-only': path.resolve(import.meta.dirname, 'lib/server/empty.js'),
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    env: { LOG_LEVEL: 'error' },
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

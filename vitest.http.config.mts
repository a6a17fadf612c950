import path from 'node:path';
import { defineConfig } from 'vitest/config';

// HTTP suite: starts the production server (dist/server.js, so `npm run build` first)
// once, and talks to it over loopback like any client would.
export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      'server-only': path.resolve(import.meta.dirname, 'lib/server/empty.js'),
    },
  },
  test: {
    include: ['tests/http/**/*.test.ts'],
    globalSetup: ['tests/http/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

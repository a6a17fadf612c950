import { defineConfig } from '@playwright/test';
import baseConfig from '../../playwright.config';

/**
 * Several instances on one PostgreSQL behind a round-robin proxy (scripts/test-instances.sh):
 * the spec starts them itself, since how they start together is part of what it proves.
 * Same browser as the other browser tests; no web servers of theirs.
 */
/** The round-robin proxy in front of the instances: the URL operators would use. */
export const CLUSTER_PORT = 3240;

export default defineConfig({
  testDir: '.',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '../../test-reports/instances.json' }]] : 'list',
  use: {
    screenshot: 'only-on-failure',
    baseURL: `http://127.0.0.1:${CLUSTER_PORT}`,
    launchOptions: baseConfig.use?.launchOptions,
    timezoneId: 'Asia/Tokyo',
  },
});

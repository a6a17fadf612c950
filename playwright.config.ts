import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests drive Debian's Chromium (no browser downloads on this machine kind)
 * against the production server (`npm run build` first) on the bundled backend, with a
 * known canary app token that no response may ever contain.
 */
// E2E_PORT: a run beside another (say, CI on this machine) on its own port.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3217);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** The main console's server log, at debug level: the canary test searches it too. */
// Chosen once by the runner; its workers inherit the variable, so they read the same file.
process.env.MESIBO_E2E_LOG_FILE ??= path.join(os.tmpdir(), `mesibo-e2e-${process.pid}.log`);
export const E2E_LOG_FILE = process.env.MESIBO_E2E_LOG_FILE;
/** The remote-backend console's log, at debug level too: it talks to the fake backend with the token. */
process.env.MESIBO_E2E_REMOTE_LOG_FILE ??= path.join(os.tmpdir(), `mesibo-e2e-remote-${process.pid}.log`);
export const E2E_REMOTE_LOG_FILE = process.env.MESIBO_E2E_REMOTE_LOG_FILE;
/** The main console's DATA_DIR (its SQLite files): the canary test searches them too. */
process.env.MESIBO_E2E_DATA_DIR ??= path.join(os.tmpdir(), `mesibo-e2e-${process.pid}`);
export const E2E_DATA_DIR = process.env.MESIBO_E2E_DATA_DIR;
const canary = JSON.parse(fs.readFileSync(path.join(__dirname, 'tests/canary.json'), 'utf8'));
/** Known secrets (tests/canary.json; `npm test` also builds with them): nothing the browser gets may hold them. */
export const CANARY_APP_TOKEN: string = canary.appToken;
export const CANARY_NEXTAUTH_SECRET: string = canary.nextauthSecret;
export const CANARY_SERVER_KEY: string = canary.consoleSecretKey;
/** A remote app's token, typed into New app by the canary test: stored sealed, never shown, logged or sent back. */
export const CANARY_REMOTE_APP_TOKEN: string = canary.remoteAppToken;
export const ADMIN = { email: 'admin@example.com', password: 'e2e-admin-password-0123' };
/** The main console serves GET /metrics behind this bearer token. */
export const E2E_METRICS_TOKEN = 'e2e-metrics-token-0123456789abcdef';
/** A second console, configured for a remote Backend API: the fake one in tests/helpers/fake-backend.mjs. */
export const REMOTE_PORT = 3218;
export const REMOTE_BASE_URL = `http://127.0.0.1:${REMOTE_PORT}`;
export const FAKE_BACKEND_URL = 'http://127.0.0.1:3219';
/** A stand-in for mesibo's cloud: the e2e server's own Backend API without listing ops (tests/helpers/cloud-backend.mjs). */
export const CLOUD_BACKEND_URL = 'http://127.0.0.1:3220';
/** A self-hosted mesibo backend as a stand-in: it lists users and groups, but reads no messages and has no stats. */
export const SELF_HOSTED_BACKEND_URL = 'http://127.0.0.1:3221';
/** A third console, configured only by MESIBO_API_URL and MESIBO_APP_TOKEN for that cloud stand-in. */
export const CLOUD_CONSOLE_URL = 'http://127.0.0.1:3222';

/** What every console server of the tests shares: production mode, the canary secrets, the admin. */
const consoleEnv = (port: number, env: Record<string, string>) => ({
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  HOSTNAME: '127.0.0.1',
  PORT: String(port),
  MESIBO_APP_TOKEN: CANARY_APP_TOKEN,
  NEXTAUTH_SECRET: CANARY_NEXTAUTH_SECRET,
  CONSOLE_SECRET_KEY: CANARY_SERVER_KEY,
  // The functional tests share one client address; the bound itself is tested in the HTTP suite.
  AUDIT_UNAUTHENTICATED_LIMIT: '1000000',
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  ...env,
});

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  // Twice Playwright's default: on a loaded 2-core machine a walk of five pages has taken 30 s;
  // a passing test is no slower for it, only a failing one takes longer to say so.
  timeout: 60_000,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-reports/e2e.json' }]] : 'list',
  use: {
    baseURL: E2E_BASE_URL,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: [
    {
      command: 'node dist/server.js',
      url: `${E2E_BASE_URL}/`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: consoleEnv(E2E_PORT, {
        DATA_DIR: E2E_DATA_DIR,
        LOG_LEVEL: 'debug',
        LOG_FILE: E2E_LOG_FILE,
        METRICS_TOKEN: E2E_METRICS_TOKEN,
      }),
    },
    {
      command: `node tests/helpers/cloud-backend.mjs 3220 ${E2E_BASE_URL}/backend`,
      url: `${CLOUD_BACKEND_URL}/__seen`,
      reuseExistingServer: false,
      timeout: 10_000,
    },
    {
      command: `node tests/helpers/cloud-backend.mjs 3221 ${E2E_BASE_URL}/backend`,
      url: `${SELF_HOSTED_BACKEND_URL}/__seen`,
      reuseExistingServer: false,
      timeout: 10_000,
      env: { CLOUD_ABSENT_OPS: 'messagesget,stats' },
    },
    {
      command: 'node tests/helpers/fake-backend.mjs 3219',
      url: `${FAKE_BACKEND_URL}/__seen`,
      reuseExistingServer: false,
      timeout: 10_000,
    },
    {
      command: 'node dist/server.js',
      url: `${REMOTE_BASE_URL}/login`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: consoleEnv(REMOTE_PORT, {
        DATA_DIR: path.join(os.tmpdir(), `mesibo-e2e-remote-${process.pid}`),
        MESIBO_API_URL: `${FAKE_BACKEND_URL}/backend`,
        MESIBO_API_TIMEOUT_MS: '1500',
        LOG_LEVEL: 'debug',
        LOG_FILE: E2E_REMOTE_LOG_FILE,
      }),
    },
    {
      command: 'node dist/server.js',
      url: `${CLOUD_CONSOLE_URL}/login`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: consoleEnv(3222, {
        DATA_DIR: path.join(os.tmpdir(), `mesibo-e2e-cloud-${process.pid}`),
        // The main console's default app, through the stand-in that has no listing ops.
        MESIBO_API_URL: `${CLOUD_BACKEND_URL}/backend`,
        LOG_LEVEL: 'warn',
      }),
    },
  ],
});

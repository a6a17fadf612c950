import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '@/lib/env-schema';

describe('configuration fails closed', () => {
  it('defaults are the documented ones', () => {
    const e = loadEnv({});
    expect(e).toMatchObject({
      PORT: 3000,
      HOSTNAME: '127.0.0.1',
      DATA_DIR: './data',
      BREACH_MAX_IPS: 5,
      BREACH_WINDOW_HOURS: 24,
      TRUST_PROXY: 0,
      DATABASE_POOL_SIZE: 10,
    });
  });
  it('names every bad variable and says what it accepts', () => {
    expect(() => loadEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MESIBO_APP_TOKEN: 'short' })).toThrow(
      /PORT: must be a whole number[\s\S]*DATABASE_URL: must be a postgres[\s\S]*MESIBO_APP_TOKEN: must be 32 to 128/,
    );
    expect(() => loadEnv({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE: must be between 1 and 1000/);
    expect(() => loadEnv({ DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE: must be a whole number/);
  });
  it('refuses a weak NEXTAUTH_SECRET given explicitly', () => {
    expect(() => loadEnv({ NEXTAUTH_SECRET: 'a'.repeat(40) })).toThrow(/NEXTAUTH_SECRET: looks guessable/);
    expect(() => loadEnv({ NEXTAUTH_SECRET: 'changeme-changeme-changeme-changeme-123' })).toThrow(/guessable/);
    expect(() => loadEnv({ NEXTAUTH_SECRET: 'too-short' })).toThrow(/at least 32/);
    expect(loadEnv({ NEXTAUTH_SECRET: 'vJ3q9XkP0wL2mN7rT5yB8cD1fG4hK6sZ' }).NEXTAUTH_SECRET).toHaveLength(32);
  });
  it('refuses to start with a NEXT_PUBLIC_ variable named like a secret', () => {
    // Names built at run time, so this file itself holds no such name.
    const pub = (name: string) => `NEXT_PUBLIC_${name}`;
    expect(() => loadEnv({ [pub('MESIBO_APP_TOKEN')]: 'x' })).toThrow(
      new RegExp(`${pub('MESIBO_APP_TOKEN')}: must not be set`),
    );
    expect(() => loadEnv({ [pub('API_KEY')]: 'x' })).toThrow(/must not be set/);
    expect(() => loadEnv({ [pub('TITLE')]: 'x' })).not.toThrow();
  });
  it('CONSOLE_SECRET_KEY is held to the same rules as NEXTAUTH_SECRET, and differs from it', () => {
    expect(() => loadEnv({ CONSOLE_SECRET_KEY: 'b'.repeat(40) })).toThrow(/CONSOLE_SECRET_KEY: looks guessable/);
    expect(() => loadEnv({ CONSOLE_SECRET_KEY: 'short' })).toThrow(/CONSOLE_SECRET_KEY: must be at least 32/);
    const key = 'vJ3q9XkP0wL2mN7rT5yB8cD1fG4hK6sZ';
    expect(() => loadEnv({ NEXTAUTH_SECRET: key, CONSOLE_SECRET_KEY: key })).toThrow(
      /CONSOLE_SECRET_KEY: must differ from NEXTAUTH_SECRET/,
    );
    expect(loadEnv({ CONSOLE_SECRET_KEY: key }).CONSOLE_SECRET_KEY).toBe(key);
  });
  it('with DATABASE_URL both keys are required: instances share them, and a key beside its data protects nothing', () => {
    expect(() => loadEnv({ DATABASE_URL: 'postgres://u:p@localhost/db' })).toThrow(
      /NEXTAUTH_SECRET: is required when DATABASE_URL is set[\s\S]*CONSOLE_SECRET_KEY: is required when DATABASE_URL is set/,
    );
    expect(() =>
      loadEnv({
        DATABASE_URL: 'postgres://u:p@localhost/db',
        NEXTAUTH_SECRET: 'vJ3q9XkP0wL2mN7rT5yB8cD1fG4hK6sZ',
        CONSOLE_SECRET_KEY: 'Qw8eR7tY6uI5oP4aS3dF2gH1jK0lZxCv',
      }),
    ).not.toThrow();
  });
  it('a remote backend needs its app token', () => {
    expect(() => loadEnv({ MESIBO_API_URL: 'https://api.mesibo.com/backend/' })).toThrow(
      /MESIBO_APP_TOKEN: is required when MESIBO_API_URL/,
    );
  });
  it('a remote backend URL holds no user name or password, and is read as the URL standard reads it', () => {
    const token = 'a'.repeat(40);
    expect(() => loadEnv({ MESIBO_API_URL: 'https://u:p@api.mesibo.com/backend/', MESIBO_APP_TOKEN: token })).toThrow(
      /MESIBO_API_URL: must not hold a user name or password/,
    );
    expect(loadEnv({ MESIBO_API_URL: 'http://A\\@B/backend', MESIBO_APP_TOKEN: token }).MESIBO_API_URL).toBe(
      'http://a/@B/backend',
    );
  });
  it('the cap on a remote reply is a number of bytes, 5 MiB unless set', () => {
    expect(loadEnv({}).REMOTE_MAX_RESPONSE_BYTES).toBe(5 * 1024 * 1024);
    expect(loadEnv({ REMOTE_MAX_RESPONSE_BYTES: '1048576' }).REMOTE_MAX_RESPONSE_BYTES).toBe(1048576);
    expect(() => loadEnv({ REMOTE_MAX_RESPONSE_BYTES: '5MB' })).toThrow(
      /REMOTE_MAX_RESPONSE_BYTES: must be a whole number/,
    );
  });
});

describe('build configuration', () => {
  it('next.config sets no env key, no browser source maps, and no image optimizer', async () => {
    const config = (await import('../../../next.config.js')).default as Record<string, unknown>;
    expect(config).not.toHaveProperty('env');
    expect(config.productionBrowserSourceMaps).toBe(false);
    expect(config.images).toEqual({ unoptimized: true });
  });
  it('dependencies are at versions without known advisories (minimums checked here; npm audit cannot reach its advisory service from this network)', () => {
    const version = (name: string) =>
      JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, 'utf8')).version as string;
    const atLeast = (v: string, min: string) => {
      const a = v.split(/[.-]/).map(Number);
      const b = min.split('.').map(Number);
      for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
      return true;
    };
    // Minimums that carry the fixes for the advisories we know of (the security review of
    // issue 7 raised them): next 16.4.5, react 19.3.1, next-auth 4.24.15.
    for (const [name, min] of [
      ['next', '16.4.5'],
      ['react', '19.3.1'],
      ['react-dom', '19.3.1'],
      ['next-auth', '4.24.15'],
    ] as const) {
      expect(atLeast(version(name), min), `${name} ${version(name)} < ${min}`).toBe(true);
    }
  });
});

describe('npm scripts', () => {
  it('every script that runs a file of the project names one that exists', () => {
    const scripts = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
    const files = Object.values(scripts).flatMap((s) => s.match(/scripts\/[\w.-]+\.(?:mjs|ts|sh)/g) ?? []);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(fs.existsSync(f), f).toBe(true);
    expect(scripts.quickstart).toBe('npm run build && npm start');
  });
});

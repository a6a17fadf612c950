import path from 'node:path';
import { z } from 'zod';

/**
 * Schema of every environment variable the product reads, with its default.
 * Kept apart from `env.ts` so tests can parse arbitrary environments without
 * touching the real one. The README's configuration table mirrors this file.
 */
const onOff = z
  .enum(['', '0', '1', 'off', 'on', 'false', 'true', 'no', 'yes'], {
    error: 'must be on or off (also accepted: 1/0, true/false, yes/no)',
  })
  .transform((v) => ['1', 'on', 'true', 'yes'].includes(v));

const positiveInt = (what: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number (${what})` })
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, { error: `must be between 1 and ${max} (${what})` });

/** A whole number from 0, where 0 means "no limit" (kept forever). */
const zeroOrMore = (what: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: `must be a whole number (${what})` })
    .transform(Number)
    .refine((n) => n <= max, { error: `must be between 0 and ${max} (${what})` });

/** A key from the environment: long and random, never a placeholder. */
const secretKey = (purpose: string) =>
  z
    .string()
    .min(32, {
      error: `must be at least 32 characters (for example: openssl rand -base64 32); it ${purpose}. Leave it unset to have one generated in DATA_DIR (SQLite only)`,
    })
    .refine((v) => new Set(v).size >= 12 && !/(change.?me|secret|password|example)/i.test(v), {
      error:
        'looks guessable (too few different characters, or a placeholder word); use a random value, e.g. openssl rand -base64 32',
    })
    .optional();

const hasUserinfo = (u: string) => URL.canParse(u) && Boolean(new URL(u).username || new URL(u).password);

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: positiveInt('TCP port', 65535).default(3000),
  HOSTNAME: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, {
      error: 'must be a postgres:// or postgresql:// URL; leave it unset to use SQLite in DATA_DIR',
    })
    .optional(),
  MESIBO_APP_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{32,128}$/, {
      error: 'must be 32 to 128 letters and digits (for example the output of `npm run backend -- new-token`)',
    })
    .optional(),
  BREACH_MAX_IPS: positiveInt('distinct client addresses allowed per app token', 100000).default(5),
  BREACH_WINDOW_HOURS: positiveInt('hours the client addresses are remembered', 24 * 365).default(24),
  TRUST_PROXY: z
    .string()
    .regex(/^(|0|1|off|on|false|true|no|yes|[1-9])$/, {
      error: 'must be off, on (trust one proxy hop) or a number of proxy hops (1-9)',
    })
    .default('off')
    .transform((v) => (/^[1-9]$/.test(v) ? Number(v) : onOff.parse(v) ? 1 : 0)),
  BACKEND_RATE_LIMIT: z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number of requests per second per app (0 = no limit)' })
    .transform(Number)
    .default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Read only by `npm run backend -- rotate-server-key`: the server key being replaced.
  OLD_CONSOLE_SECRET_KEY: z
    .string()
    .min(32, { error: 'must be the previous CONSOLE_SECRET_KEY (32+ characters)' })
    .optional(),
  // Whether this server serves a Backend API (/backend) and has bundled apps at all; off for
  // a console that only manages remote apps.
  BUNDLED_BACKEND: onOff.default(true),

  // The console.
  MESIBO_API_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be an http:// or https:// URL of a mesibo Backend API, e.g. https://api.mesibo.com/backend/',
    })
    .refine((u) => !hasUserinfo(u), {
      error: 'must not hold a user name or password: the app token is the credential',
    })
    // Kept as the URL standard reads it, so what is logged and shown is where the token goes.
    .transform((u) => (URL.canParse(u) ? new URL(u).href : u))
    .optional(),
  MESIBO_API_TIMEOUT_MS: z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number of milliseconds' })
    .transform(Number)
    .refine((n) => n >= 100 && n <= 120_000, { error: 'must be between 100 and 120000 milliseconds' })
    .default(10_000),
  REMOTE_MAX_RESPONSE_BYTES: z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number of bytes' })
    .transform(Number)
    .refine((n) => n >= 1024 && n <= 1024 ** 3, { error: 'must be between 1024 and 1073741824 bytes' })
    .default(5 * 1024 * 1024),
  NEXTAUTH_SECRET: secretKey('signs console sessions'),
  CONSOLE_SECRET_KEY: secretKey(
    'keys the hashes and encryption of secrets the server keeps, such as one-time passwords',
  ),
  NEXTAUTH_URL: z
    .url({ protocol: /^https?$/, error: 'must be the http(s) URL operators open the console at' })
    .optional(),
  ADMIN_EMAIL: z.email({ error: 'must be an e-mail address (the first admin operator)' }).optional(),
  ADMIN_PASSWORD: z.string().min(12, { error: 'must be at least 12 characters' }).optional(),
  SESSION_MAX_AGE_HOURS: positiveInt('hours a console sign-in lasts', 24 * 30).default(12),
  SESSION_IDLE_MINUTES: positiveInt('minutes without use after which a console session ends', 24 * 60 * 30).default(60),
  LOG_FILE: z.string().min(1).optional(),
  // GET /metrics (Prometheus): served only when one of these is set. METRICS_TOKEN: a bearer
  // token it then requires; METRICS_PORT: served on that port of 127.0.0.1 instead (and, with
  // METRICS_TOKEN too, the token is required there).
  METRICS_TOKEN: z.string().min(24, { error: 'must be at least 24 characters (openssl rand -base64 24)' }).optional(),
  METRICS_PORT: positiveInt('the loopback port /metrics is served on', 65535).optional(),
  DATABASE_POOL_SIZE: positiveInt(
    "PostgreSQL connections this instance keeps open; all instances' together stay below max_connections",
    1000,
  ).default(10),
  AUDIT_UNAUTHENTICATED_LIMIT: positiveInt(
    'audit entries per client address per 10 minutes for requests without a session',
    1_000_000,
  ).default(30),
  AUDIT_SESSION_LIMIT: positiveInt(
    'audit rows a minute per session for refusals and reads (changes are never bounded)',
    1_000_000,
  ).default(60),
  JOB_LEASE_SECONDS: positiveInt('seconds a job is held by an instance before another may take it over', 3600).default(
    30,
  ),
  JOB_RETENTION_DAYS: positiveInt('days ended jobs and their per-row results are kept', 3650).default(30),
  AUDIT_RETENTION_DAYS: zeroOrMore('days audit entries are kept; 0 keeps them forever', 36_500).default(365),
  IMPORT_CONCURRENCY: positiveInt('rows of an import in flight at once per app, against a remote backend', 64).default(
    8,
  ),
  WEBHOOK_RATE_LIMIT: positiveInt(
    'webhook deliveries a second per app, beyond which they are answered 429',
    1_000_000,
  ).default(2000),
  WEBHOOK_ONLINE_HOURS: positiveInt('hours a user stays Online without a new webhook event', 8760).default(24),
  WEBHOOK_RETENTION_DAYS: positiveInt('days webhook deliveries are kept', 3650).default(30),
  WEBHOOK_SILENCE_HOURS: positiveInt(
    'hours without a delivery before the Overview says the webhook is silent',
    8760,
  ).default(24),
});

export type Env = z.output<typeof EnvSchema>;

export class EnvError extends Error {}

/** Parses the environment; throws an EnvError naming every bad variable and why. */
export function loadEnv(source: Record<string, string | undefined>): Env & { dataDir: string } {
  // Empty strings count as unset, the way shells and .env files usually mean them.
  const cleaned = Object.fromEntries(Object.keys(EnvSchema.shape).flatMap((k) => (source[k] ? [[k, source[k]]] : [])));
  // Anything NEXT_PUBLIC_ is inlined into browser code at build time: a secret there is public.
  const leaking = Object.keys(source).filter((k) =>
    /^NEXT_PUBLIC_.*(TOKEN|SECRET|KEY|PASS|PRIVATE|CREDENTIAL|AUTH)/i.test(k),
  );
  if (leaking.length) {
    throw new EnvError(
      `Invalid configuration:\n${leaking.map((k) => `  ${k}: must not be set: NEXT_PUBLIC_ variables are sent to every browser, and this name looks like a secret`).join('\n')}`,
    );
  }
  const parsed = EnvSchema.superRefine((e, ctx) => {
    if (e.MESIBO_API_URL && !e.MESIBO_APP_TOKEN)
      ctx.addIssue({
        code: 'custom',
        path: ['MESIBO_APP_TOKEN'],
        message: 'is required when MESIBO_API_URL is set (the app token of that backend)',
      });
    // Several instances on one PostgreSQL must share these, and a key generated into the
    // data folder would sit beside the data it protects: require them.
    if (e.DATABASE_URL) {
      for (const key of ['NEXTAUTH_SECRET', 'CONSOLE_SECRET_KEY'] as const)
        if (!e[key])
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message:
              'is required when DATABASE_URL is set (every instance must share it, and it must not be kept beside the data): openssl rand -base64 32',
          });
    }
    if (e.NEXTAUTH_SECRET && e.NEXTAUTH_SECRET === e.CONSOLE_SECRET_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_SECRET_KEY'],
        message: 'must differ from NEXTAUTH_SECRET (one key per purpose)',
      });
    if (e.ADMIN_PASSWORD && !e.ADMIN_EMAIL)
      ctx.addIssue({ code: 'custom', path: ['ADMIN_EMAIL'], message: 'is required when ADMIN_PASSWORD is set' });
  }).safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}

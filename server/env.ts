import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The one place that reads configuration. Every process parses it at start-up; a bad value stops
 * the process with one line naming the variable, so an operator never debugs a half-started service.
 */
const intFrom = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** Booleans as every ecosystem writes them: `True` (Python), `TRUE`, `yes`, `1`, in any case. */
const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const boolFrom = (def: boolean) =>
  z
    .preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', '']).default(def ? 'true' : 'false'),
    )
    .transform((v) => TRUE_WORDS.includes(v));

function isAddressOrCidr(v: string): boolean {
  const [addr, bits, extra] = v.split('/');
  if (extra !== undefined || !addr) return false;
  const family = isIP(addr);
  if (!family) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const urlWithScheme = (schemes: string[]) =>
  z.string().refine((v) => schemes.some((s) => v.startsWith(`${s}://`)), {
    message: `expected a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`,
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  DATABASE_URL: urlWithScheme(['postgres', 'postgresql']).optional(),
  REDIS_URL: urlWithScheme(['redis', 'rediss']).optional(),
  PORT: intFrom(8087, 1, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  BASE_PATH: z
    .string()
    .default('')
    .refine((v) => v === '' || /^\/[A-Za-z0-9._~\-/]*[^/]$/.test(v), {
      message: 'expected empty or a path like /scripts (leading slash, no trailing slash)',
    }),
  SCRIPT_TIMEOUT: intFrom(300, 1, 86_400),
  SCRIPT_TIMEOUT_MAX: intFrom(86_400, 1, 604_800),
  MAX_CONCURRENT_SCRIPTS: intFrom(10, 1, 1000),
  SCRIPT_STORAGE_PATH: z.string().min(1).default('.data/runs'),
  DATA_DIR: z.string().min(1).default('.data'),
  DEBUG: boolFrom(false),
  /** REST answers carry a `Server-Timing` header with each phase's duration (npm run bench:http). */
  SERVER_TIMING: boolFrom(false),
  LOG_FILE: z.string().optional(),
  /** LOG_FILE is renamed to LOG_FILE.1 past this size; LOG_FILE_KEEP old files are kept. */
  LOG_FILE_MAX_MB: intFrom(10, 1, 100_000),
  LOG_FILE_KEEP: intFrom(5, 0, 100),
  AUTH_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
  SECRETS_KEY: z.string().min(16, 'expected at least 16 characters').optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8, 'expected at least 8 characters').optional(),
  PYTHON_PATH: z.string().optional(),
  BASH_PATH: z.string().optional(),
  /** bubblewrap's binary when it is not in /usr/bin, /usr/local/bin or /bin. */
  BWRAP_PATH: z.string().startsWith('/', 'expected an absolute path').optional(),
  WORKER_HEALTH_PORT: intFrom(0, 0, 65535),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, - or _')
    .default('vss'),
  GLOBAL_MAX_CONCURRENT_SCRIPTS: intFrom(0, 0, 100_000),
  SANDBOX_MEMORY_MB: intFrom(1024, 16, 1_048_576),
  SANDBOX_MAX_PROCESSES: intFrom(256, 8, 100_000),
  SANDBOX_MAX_FILE_MB: intFrom(512, 1, 1_048_576),
  /** Sandboxes a worker keeps started ahead for the scripts it ran last (0 = every run starts its own). */
  SANDBOX_PREPARED: intFrom(4, 0, 64),
  SANDBOX_PREPARED_IDLE_SECONDS: intFrom(300, 1, 86_400),
  /** Size of a run's /work and of its /tmp (each a memory-backed filesystem counted in the run's memory). */
  SANDBOX_DISK_MB: intFrom(1024, 1, 1_048_576),
  /** A worker takes no new run while the host has less memory available / less disk free than this. */
  SANDBOX_MIN_FREE_MEMORY_MB: intFrom(256, 0, 1_048_576),
  SANDBOX_MIN_FREE_DISK_MB: intFrom(1024, 0, 1_073_741_824),
  /** Python runs are forked from a warm interpreter into their prepared sandbox (python-zygote.ts). */
  SANDBOX_PYTHON_ZYGOTE: boolFrom(true),
  KILL_GRACE_MS: intFrom(2000, 0, 600_000),
  // On SIGTERM/SIGINT a worker lets running scripts finish this long, then hands them back to the queue.
  WORKER_SHUTDOWN_GRACE_MS: intFrom(20_000, 0, 3_600_000),
  // A dead worker's runs are noticed within lock + stalled interval (≤ 10 s) and run again elsewhere;
  // a live worker renews its locks every lock/2, and its heartbeat guards against a false alarm.
  WORKER_LOCK_MS: intFrom(8_000, 1000, 3_600_000),
  WORKER_STALLED_INTERVAL_MS: intFrom(2_000, 500, 3_600_000),
  API_RATE_LIMIT_PER_MINUTE: intFrom(600, 0, 1_000_000),
  WEBHOOK_RATE_LIMIT_PER_MINUTE: intFrom(120, 0, 1_000_000),
  SCHEDULE_MISFIRE_GRACE_SECONDS: intFrom(60, 1, 86_400),
  API_MAX_BODY_BYTES: intFrom(2 * 1024 * 1024, 1024, 100 * 1024 * 1024),
  LOG_MAX_BYTES: intFrom(10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  /** How long a running script's new output waits to be stored and shown live (64 KB of it is stored at once). */
  LOG_FLUSH_MS: intFrom(100, 10, 60_000),
  RETENTION_DAYS: intFrom(0, 0, 36_500), // executions older than this many days are deleted; 0 keeps them
  /**
   * Reverse proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDR ranges
   * (`127.0.0.1, 10.0.0.0/8, ::1`). Empty: the client address is the TCP peer, whatever headers say.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .refine(
      (v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .every(isAddressOrCidr),
      {
        message: 'expected comma-separated IP addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8',
      },
    ),
  /**
   * The address users open, prefix included (`https://ops.example.com:8443/scripts`): browser
   * mutations from this origin are accepted whatever Host header a proxy passes, and next-auth's
   * links and alert messages' links use it. Unset: the request's Host (or a trusted proxy's
   * X-Forwarded-Host) is the origin, and alert links are relative paths.
   */
  PUBLIC_URL: urlWithScheme(['http', 'https'])
    .refine((v) => URL.canParse(v), { message: 'expected a URL such as https://ops.example.com/scripts' })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  /** Sign-in guessing: failures allowed before any wait, per (account, address) and per address. */
  SIGNIN_FREE_FAILURES: intFrom(3, 0, 1000),
  SIGNIN_FREE_FAILURES_PER_ADDRESS: intFrom(20, 0, 100_000),
  /** The first wait; it doubles with every further failure, up to the cap. */
  SIGNIN_BACKOFF_BASE_MS: intFrom(1000, 1, 3_600_000),
  SIGNIN_BACKOFF_MAX_SECONDS: intFrom(900, 1, 86_400),
  /** Wrong API keys per address before REST answers 429 (same doubling wait). */
  API_KEY_FREE_FAILURES_PER_ADDRESS: intFrom(20, 0, 100_000),
  /** Recovery at start-up: an email (or `*` for all) whose sign-in waits and failure count are cleared. */
  UNLOCK_SIGN_IN: z.string().trim().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset" for optional values: docker-compose and systemd often pass `VAR=`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  throw new EnvError(`Invalid configuration: ${name}=${JSON.stringify(source[name] ?? '')}: ${issue.message}`);
}

let cached: Env | undefined;

/** Parsed once per process; call sites never touch process.env directly. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

export function requireEnv<K extends keyof Env>(key: K): NonNullable<Env[K]> {
  const value = env()[key];
  if (value === undefined || value === null) {
    throw new EnvError(`Missing configuration: ${String(key)} must be set`);
  }
  return value as NonNullable<Env[K]>;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

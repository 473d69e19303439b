import { z } from 'zod';

/** The synthetic demo partnership's name (src/demo/partnership.ts): its reports' cover when no name is configured. */
export const DEMO_PARTNERSHIP_NAME = 'Riverside Community Safety Partnership';

/**
 * The hub's configuration, read once from the environment and validated.
 * Every setting has a clear error; production refuses to run without real secrets.
 */

const secret = () =>
  z.string().min(32, `must be at least 32 characters (generate one with: openssl rand -base64 48)`).optional();

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = () =>
  z.coerce.number({ message: 'must be a number' }).int('must be a whole number').positive('must be positive');

const nonNegativeInt = () =>
  z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more');

const EnvSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { message: 'must be development, production or test' })
    .default('development'),
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  // A streaming replica for analytics reads (docs/operations.md, "A read replica").
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  HUB_READ_MAX_LAG_SECONDS: nonNegativeInt()
    .max(24 * 60 * 60, 'must be at most 86400 (one day)')
    .default(30),
  HUB_DATA_DIR: z.string().min(1).default('.hub'),
  HUB_EMBEDDED_PG_PORT: positiveInt().optional(),
  HUB_TOKEN_SECRET: secret(),
  HUB_PSEUDONYM_KEY: secret(),
  HUB_TOKEN_TTL_MINUTES: positiveInt()
    .max(24 * 60, 'must be at most 1440 (one day)')
    .default(15),
  // Local accounts (docs/accounts.md): how long an API sign-in can be refreshed; second factor for staff roles.
  HUB_REFRESH_TTL_HOURS: positiveInt()
    .max(24 * 30, 'must be at most 720 (30 days)')
    .default(12),
  HUB_REQUIRE_SECOND_FACTOR: bool.optional(),
  HUB_LOAD_DEMO: bool.optional(),
  HUB_DEMO_RECORDS: positiveInt().default(300_000),
  HUB_INTROSPECTION: bool.optional(),
  HUB_STATEMENT_TIMEOUT_MS: positiveInt().default(30_000),
  HUB_AGGREGATE_MAX_CELLS: positiveInt().default(50_000),
  HUB_DB_POOL_MAX: positiveInt().default(10),
  // The import doors (docs/datasets.md, "Availability: slow clients, big files, failures").
  HUB_IMPORT_POOL_MAX: positiveInt().default(4),
  HUB_IMPORT_CONCURRENT_PER_KEY: positiveInt().default(2),
  HUB_IMPORT_CONCURRENT_PER_AGENCY: positiveInt().default(4),
  HUB_IMPORT_BODY_TIMEOUT_SECONDS: positiveInt().default(300),
  HUB_IMPORT_MIN_BYTES_PER_SECOND: nonNegativeInt().default(1024),
  HUB_IMPORT_MAX_BYTES: positiveInt().default(2 * 1024 ** 3),
  HUB_IMPORT_ASYNC_BYTES: positiveInt().default(20 * 1024 ** 2),
  HUB_IMPORT_LOCK_WAIT_SECONDS: positiveInt().default(30),
  // Query limits, refused before execution (docs/security.md).
  HUB_MAX_QUERY_DEPTH: positiveInt().default(10),
  HUB_MAX_QUERY_COST: positiveInt().default(25_000),
  HUB_MAX_ALIASES: nonNegativeInt().default(30),
  HUB_MAX_QUERY_TOKENS: positiveInt().default(2_000),
  // Rate limits and login throttling, shared by every hub process on the database (0 turns one off).
  HUB_RATE_LIMIT_PER_MINUTE: nonNegativeInt().default(600),
  HUB_RATE_LIMIT_BURST: positiveInt().default(100),
  HUB_RATE_LIMIT_ANONYMOUS_PER_MINUTE: nonNegativeInt().default(120),
  HUB_LOGIN_MAX_FAILURES_PER_USER: nonNegativeInt().default(5),
  HUB_LOGIN_MAX_FAILURES_PER_IP: nonNegativeInt().default(30),
  HUB_LOGIN_WINDOW_MINUTES: positiveInt().default(15),
  HUB_LIMITS_STORE: z.enum(['database', 'memory'], { message: 'must be database or memory' }).default('database'),
  HUB_TRUST_PROXY_HOPS: nonNegativeInt().max(5, 'must be at most 5').default(0),
  // The web console's sessions (docs/configuration.md).
  HUB_SESSION_IDLE_MINUTES: positiveInt()
    .max(24 * 60, 'must be at most 1440 (one day)')
    .default(30),
  HUB_SESSION_MAX_HOURS: positiveInt()
    .max(7 * 24, 'must be at most 168 (one week)')
    .default(12),
  HUB_COOKIE_SECURE: bool.optional(),
  HUB_WEB_DIR: z.string().min(1).default('web/dist'),
  HUB_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/?#]+$/, 'must be the address people open the hub at, e.g. https://hub.example.org')
    .optional(),
  // An optional base map under the console's maps (docs/geography.md): off by default, the hub runs offline.
  HUB_MAP_TILE_URL: z
    .string()
    .refine(
      (v) => /^https:\/\/[A-Za-z0-9.-]+(:\d+)?\//.test(v) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(v),
      'must be an https:// address with one host (no {s}), http:// only on this machine',
    )
    .refine((v) => ['{z}', '{x}', '{y}'].every((t) => v.includes(t)), 'must contain {z}, {x} and {y}')
    .optional(),
  HUB_MAP_TILE_CRS: z.enum(['EPSG:27700', 'EPSG:3857']).default('EPSG:27700'),
  HUB_MAP_TILE_MAX_ZOOM: z.coerce.number().int().min(0).max(22).optional(),
  HUB_MAP_TILE_ATTRIBUTION: z.string().max(200).default(''),
  // Reports (docs/analytics.md): whose they are, and the marking on every page.
  HUB_PARTNERSHIP_NAME: z.string().trim().min(1).max(200).optional(),
  HUB_PROTECTIVE_MARKING: z.string().trim().min(1).max(60).default('OFFICIAL-SENSITIVE'),
  // Operations (docs/operations.md): shutdown, metrics, tracing.
  HUB_SHUTDOWN_GRACE_SECONDS: positiveInt().max(600, 'must be at most 600').default(20),
  HUB_METRICS_PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .optional(),
  HUB_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  HUB_METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 48)').optional(),
  HUB_TRACING: z.enum(['on', 'off'], { message: 'must be on or off' }).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url('must be a URL, e.g. http://127.0.0.1:4318').optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('community-safety-data-hub'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.input<typeof EnvSchema>;

export interface HubConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Set when an external PostgreSQL is used; otherwise the hub runs its own embedded one. */
  databaseUrl?: string;
  /** A streaming replica of databaseUrl that analytics read from while it lags at most `maxLagSeconds`; null: none. */
  readReplica: { url: string; maxLagSeconds: number } | null;
  dataDir: string;
  embeddedPgPort?: number;
  /** Secrets may be absent outside production: the hub then generates and keeps them in dataDir. */
  tokenSecret?: string;
  pseudonymKey?: string;
  tokenTtlMinutes: number;
  accounts: AccountsConfig;
  loadDemo: boolean;
  demoRecords: number;
  reports: {
    /** The partnership's name on every report's cover. */
    partnership: string;
    /** The protective marking on every page (Government Security Classifications), e.g. OFFICIAL-SENSITIVE. */
    marking: string;
  };
  introspection: boolean;
  statementTimeoutMs: number;
  /** Most cells one `aggregate` answer may have; a larger answer is refused with BAD_USER_INPUT. */
  aggregateMaxCells: number;
  dbPoolMax: number;
  imports: ImportLimits;
  logLevel: string;
  limits: HubLimits;
  console: ConsoleConfig;
  operations: OperationsConfig;
  /** A licensed base map under the console's maps; null (the default): none, the hub runs offline. */
  mapTiles: MapTilesConfig | null;
}

/** A tile service drawn under the console's maps (docs/geography.md). */
export interface MapTilesConfig {
  /** With {z}, {x} and {y}, e.g. https://api.os.uk/maps/raster/v1/zxy/Light_27700/{z}/{x}/{y}.png?key=... */
  urlTemplate: string;
  /** EPSG:27700: the Ordnance Survey's British National Grid tile matrix; EPSG:3857: Web Mercator (OpenStreetMap's). */
  crs: 'EPSG:27700' | 'EPSG:3857';
  maxZoom: number;
  /** The licence's required credit, shown on every map. */
  attribution: string;
}

/** Local accounts (docs/accounts.md). */
export interface AccountsConfig {
  /** ADMIN, LIAISON_OFFICER and AGENCY_ADMIN must use a second factor (default: on in production). */
  requireSecondFactorForStaff: boolean;
  /** An API sign-in can be refreshed for this long after its password (and code). */
  refreshTtlHours: number;
}

/** Shutdown, metrics and tracing (docs/operations.md). */
export interface OperationsConfig {
  /** On SIGTERM/SIGINT, in-flight requests get this long to finish before they are cancelled. */
  shutdownGraceSeconds: number;
  /** `/metrics` on its own listener (port 0: any free port); unset: not on a port of its own. */
  metricsPort?: number;
  metricsHost: string;
  /** With a token, `/metrics` is also served on the main port to `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** OpenTelemetry traces to `otlpEndpoint` (OTLP over HTTP); off by default. */
  tracing: boolean;
  otlpEndpoint?: string;
  serviceName: string;
}

/** The web console: where its built files are, and how its sessions behave. */
export interface ConsoleConfig {
  /** The built single-page application (index.html and assets/), served at `/`. */
  webDir: string;
  /** A session ends after this long without a request. */
  sessionIdleMinutes: number;
  /** And in any case this long after sign-in. */
  sessionMaxHours: number;
  /** Session cookies carry `Secure` (HTTPS only): on by default in production. */
  cookieSecure: boolean;
  /** The hub's public address (identity providers' redirect URI); unset: taken from each request's Host. */
  publicUrl?: string;
}

/** The import doors: their own connections, and limits on uploads (docs/datasets.md). */
export interface ImportLimits {
  /** Connections of the imports' own pool: imports never take the connections GraphQL answers with. */
  poolMax: number;
  /** Uploads in progress at once per API key or account, and per agency (HTTP door, per process). */
  concurrentPerKey: number;
  concurrentPerAgency: number;
  /** An upload's body must arrive within this long... */
  bodyTimeoutSeconds: number;
  /** ...and at this rate at least, over every 5 s after the first 5 (0 = no minimum). */
  minBytesPerSecond: number;
  /** Largest upload accepted, as sent (compressed if gzip). */
  maxBytes: number;
  /** Uploads at least this large are answered 202 with a batch id to poll, as is `Prefer: respond-async`. */
  asyncBytes: number;
  /** How long an import waits for another import into the same dataset to finish. */
  lockWaitSeconds: number;
}

/** Protections against expensive or abusive requests. */
export interface HubLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  /** Requests per minute per authenticated principal; 0 = off. */
  ratePerMinute: number;
  /** Requests a principal or address may make at once before the per-minute rate applies. */
  rateBurst: number;
  /** Requests per minute per client address without valid credentials; 0 = off. */
  anonymousRatePerMinute: number;
  /** Failed logins per username, and per client address, within the window before logins are refused; 0 = off. */
  loginMaxFailuresPerUser: number;
  loginMaxFailuresPerIp: number;
  loginWindowMinutes: number;
  /**
   * Where rate limits and login throttling keep their counts: `database` (shared by every
   * hub process on it) or `memory` (per process; one process only).
   */
  store: 'database' | 'memory';
  /** Reverse proxies in front of the hub whose X-Forwarded-For entries are trusted. */
  trustProxyHops: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const PLACEHOLDER = /change[-_ ]?me|replace[-_ ]?me|example|default|secret{2,}|^x+$/i;

type ParsedEnv = z.output<typeof EnvSchema>;

/** What the schema cannot check alone: production's secrets and database, and settings that need others. */
function crossCheckProblems(e: ParsedEnv): string[] {
  const problems: string[] = [];
  if (e.NODE_ENV === 'production') {
    for (const name of ['HUB_TOKEN_SECRET', 'HUB_PSEUDONYM_KEY'] as const) {
      const value = e[name];
      if (!value) problems.push(`${name}: required in production (generate one with: openssl rand -base64 48)`);
      else if (PLACEHOLDER.test(value)) problems.push(`${name}: looks like a placeholder; set a real random secret`);
    }
    if (e.HUB_TOKEN_SECRET && e.HUB_TOKEN_SECRET === e.HUB_PSEUDONYM_KEY) {
      problems.push('HUB_PSEUDONYM_KEY: must differ from HUB_TOKEN_SECRET');
    }
    if (!e.DATABASE_URL)
      problems.push('DATABASE_URL: required in production (the embedded PostgreSQL is for local use)');
    if (e.HUB_LOAD_DEMO)
      problems.push('HUB_LOAD_DEMO: the synthetic demo partnership must not be loaded in production');
  }
  if (e.DATABASE_READ_URL && !e.DATABASE_URL)
    problems.push('DATABASE_READ_URL: needs DATABASE_URL (a replica of the embedded PostgreSQL is not supported)');
  return problems;
}

function importLimits(e: ParsedEnv): ImportLimits {
  return {
    poolMax: e.HUB_IMPORT_POOL_MAX,
    concurrentPerKey: e.HUB_IMPORT_CONCURRENT_PER_KEY,
    concurrentPerAgency: e.HUB_IMPORT_CONCURRENT_PER_AGENCY,
    bodyTimeoutSeconds: e.HUB_IMPORT_BODY_TIMEOUT_SECONDS,
    minBytesPerSecond: e.HUB_IMPORT_MIN_BYTES_PER_SECOND,
    maxBytes: e.HUB_IMPORT_MAX_BYTES,
    asyncBytes: e.HUB_IMPORT_ASYNC_BYTES,
    lockWaitSeconds: e.HUB_IMPORT_LOCK_WAIT_SECONDS,
  };
}

function hubLimits(e: ParsedEnv): HubLimits {
  return {
    maxDepth: e.HUB_MAX_QUERY_DEPTH,
    maxCost: e.HUB_MAX_QUERY_COST,
    maxAliases: e.HUB_MAX_ALIASES,
    maxTokens: e.HUB_MAX_QUERY_TOKENS,
    ratePerMinute: e.HUB_RATE_LIMIT_PER_MINUTE,
    rateBurst: e.HUB_RATE_LIMIT_BURST,
    anonymousRatePerMinute: e.HUB_RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    loginMaxFailuresPerUser: e.HUB_LOGIN_MAX_FAILURES_PER_USER,
    loginMaxFailuresPerIp: e.HUB_LOGIN_MAX_FAILURES_PER_IP,
    loginWindowMinutes: e.HUB_LOGIN_WINDOW_MINUTES,
    store: e.HUB_LIMITS_STORE,
    trustProxyHops: e.HUB_TRUST_PROXY_HOPS,
  };
}

function consoleConfig(e: ParsedEnv): ConsoleConfig {
  return {
    webDir: e.HUB_WEB_DIR,
    sessionIdleMinutes: e.HUB_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.HUB_SESSION_MAX_HOURS,
    cookieSecure: e.HUB_COOKIE_SECURE ?? e.NODE_ENV === 'production',
    publicUrl: e.HUB_PUBLIC_URL,
  };
}

function operations(e: ParsedEnv): OperationsConfig {
  return {
    shutdownGraceSeconds: e.HUB_SHUTDOWN_GRACE_SECONDS,
    metricsPort: e.HUB_METRICS_PORT,
    metricsHost: e.HUB_METRICS_HOST,
    metricsToken: e.HUB_METRICS_TOKEN,
    tracing: e.HUB_TRACING ? e.HUB_TRACING === 'on' : Boolean(e.OTEL_EXPORTER_OTLP_ENDPOINT),
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: e.OTEL_SERVICE_NAME,
  };
}

/** Parses and validates the environment. Throws ConfigError listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): HubConfig {
  // Empty strings count as unset, as they do in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems = crossCheckProblems(e);
  if (problems.length) throw new ConfigError(problems);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    readReplica: e.DATABASE_READ_URL ? { url: e.DATABASE_READ_URL, maxLagSeconds: e.HUB_READ_MAX_LAG_SECONDS } : null,
    dataDir: e.HUB_DATA_DIR,
    embeddedPgPort: e.HUB_EMBEDDED_PG_PORT,
    tokenSecret: e.HUB_TOKEN_SECRET,
    pseudonymKey: e.HUB_PSEUDONYM_KEY,
    tokenTtlMinutes: e.HUB_TOKEN_TTL_MINUTES,
    accounts: {
      requireSecondFactorForStaff: e.HUB_REQUIRE_SECOND_FACTOR ?? e.NODE_ENV === 'production',
      refreshTtlHours: e.HUB_REFRESH_TTL_HOURS,
    },
    loadDemo: e.HUB_LOAD_DEMO ?? e.NODE_ENV === 'development',
    demoRecords: e.HUB_DEMO_RECORDS,
    reports: {
      partnership:
        e.HUB_PARTNERSHIP_NAME ??
        ((e.HUB_LOAD_DEMO ?? e.NODE_ENV === 'development') ? DEMO_PARTNERSHIP_NAME : 'Community Safety Partnership'),
      marking: e.HUB_PROTECTIVE_MARKING,
    },
    introspection: e.HUB_INTROSPECTION ?? e.NODE_ENV !== 'production',
    statementTimeoutMs: e.HUB_STATEMENT_TIMEOUT_MS,
    aggregateMaxCells: e.HUB_AGGREGATE_MAX_CELLS,
    dbPoolMax: e.HUB_DB_POOL_MAX,
    imports: importLimits(e),
    logLevel: e.LOG_LEVEL,
    limits: hubLimits(e),
    console: consoleConfig(e),
    mapTiles: e.HUB_MAP_TILE_URL
      ? {
          urlTemplate: e.HUB_MAP_TILE_URL,
          crs: e.HUB_MAP_TILE_CRS,
          maxZoom: e.HUB_MAP_TILE_MAX_ZOOM ?? (e.HUB_MAP_TILE_CRS === 'EPSG:27700' ? 13 : 19),
          attribution: e.HUB_MAP_TILE_ATTRIBUTION,
        }
      : null,
    operations: operations(e),
  };
}

/**
 * The only reader of process.env (lint enforces it). Parsed once at boot into a frozen object that
 * is passed down explicitly. A bad value stops the boot with one line per setting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const booleanish = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((value) => value === true || value === 'true' || value === '1' || value === 'yes');

export const ConfigSchema = z
  .object({
    port: port.default(3000),
    host: z.string().min(1).default('127.0.0.1'),
    dataDir: z.string().min(1).default('./data'),
    /** Attachments and raw originals; defaults to <dataDir>/files. */
    filesDir: z.string().min(1).optional(),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
      .optional(),
    databasePoolSize: z.coerce.number().int().min(1).max(200).default(10),
    publicUrl: z.url().optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    logPretty: booleanish.default(false),
    sessionDays: z.coerce.number().int().min(1).max(365).default(14),
    cookieSecure: booleanish.optional(),
    bodyLimitBytes: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
    loginMaxFailuresPerAccount: z.coerce.number().int().min(1).default(5),
    loginMaxFailuresPerIp: z.coerce.number().int().min(1).default(20),
    loginWindowMinutes: z.coerce.number().int().min(1).default(5),
    seedDemo: booleanish.default(true),
    trustProxy: booleanish.default(false),
    webDistDir: z.string().optional(),
    // --- Email (issue 4) ---
    /** The built-in SMTP listener runs in the web role (and in `all`). */
    smtpEnabled: booleanish.default(true),
    smtpPort: port.default(2525),
    /** Defaults to `host`. */
    smtpHost: z.string().min(1).optional(),
    /** Name the listener greets with and puts in Received/Message-ID when a workspace has none. */
    smtpHostname: z.string().min(1).default('localhost'),
    smtpMaxMessageBytes: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(25 * 1024 * 1024),
    smtpMaxConnectionsPerClient: z.coerce.number().int().min(1).default(20),
    smtpMaxMessagesPerClientPerMinute: z.coerce.number().int().min(1).default(6000),
    /** PEM files for STARTTLS; both or neither. */
    smtpTlsKeyFile: z.string().optional(),
    smtpTlsCertFile: z.string().optional(),
    /** Outbound relay, e.g. smtp://user:pass@smtp.example.com:587; without one, mail goes direct to the recipient's MX. */
    smtpRelayUrl: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL').optional(),
    /** Optional DKIM signing of outbound mail. */
    dkimDomain: z.string().optional(),
    dkimSelector: z.string().optional(),
    dkimPrivateKeyFile: z.string().optional(),
    /** SPF/DKIM/DMARC checks on inbound mail (needs DNS). */
    emailAuthentication: booleanish.default(true),
    /** DNS servers for those checks and for direct delivery ("127.0.0.1:5353,…"); system resolver when unset. */
    dnsServers: z
      .string()
      .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean))
      .optional(),
    /** Parallel inbound processors per worker process. */
    inboundConcurrency: z.coerce.number().int().min(1).max(64).default(4),
    /** Embedded mode: minutes between automatic compressed PGlite snapshots, and how many to keep. */
    snapshotIntervalMinutes: z.coerce.number().int().min(1).max(24 * 60).default(15),
    snapshotKeep: z.coerce.number().int().min(1).max(100).default(3),
    /** Parallel outbound sends per worker process. */
    outboundConcurrency: z.coerce.number().int().min(1).max(64).default(4),
    /** Undo-send: seconds a reply's author may withdraw it; its email is not attempted before. 0 sends at once. */
    undoSendSeconds: z.coerce.number().int().min(0).max(120).default(10),
    /** Notification emails to agents: at most this many per member per hour (0 sends none); the in-app notification is made anyway. */
    notificationEmailsPerHour: z.coerce.number().int().min(0).max(10_000).default(60),
    /** Let webhooks reach private, loopback and link-local addresses (off: public addresses only). */
    webhookAllowPrivateNetworks: booleanish.default(false),
  })
  .strict();

export type Config = Readonly<z.infer<typeof ConfigSchema>> & { readonly isEmbedded: boolean; readonly secrets: readonly string[] };

/** Environment variable → config key. Documented in README. */
export const environmentKeys = {
  PORT: 'port',
  HOST: 'host',
  RAPPORT_DATA_DIR: 'dataDir',
  RAPPORT_FILES_DIR: 'filesDir',
  DATABASE_URL: 'databaseUrl',
  DATABASE_POOL_SIZE: 'databasePoolSize',
  RAPPORT_PUBLIC_URL: 'publicUrl',
  LOG_LEVEL: 'logLevel',
  RAPPORT_LOG_PRETTY: 'logPretty',
  RAPPORT_SESSION_DAYS: 'sessionDays',
  RAPPORT_COOKIE_SECURE: 'cookieSecure',
  RAPPORT_BODY_LIMIT_BYTES: 'bodyLimitBytes',
  RAPPORT_LOGIN_MAX_FAILURES_PER_ACCOUNT: 'loginMaxFailuresPerAccount',
  RAPPORT_LOGIN_MAX_FAILURES_PER_IP: 'loginMaxFailuresPerIp',
  RAPPORT_LOGIN_WINDOW_MINUTES: 'loginWindowMinutes',
  RAPPORT_SEED_DEMO: 'seedDemo',
  RAPPORT_TRUST_PROXY: 'trustProxy',
  RAPPORT_WEB_DIST: 'webDistDir',
  RAPPORT_SMTP_ENABLED: 'smtpEnabled',
  RAPPORT_SMTP_PORT: 'smtpPort',
  RAPPORT_SMTP_HOST: 'smtpHost',
  RAPPORT_SMTP_HOSTNAME: 'smtpHostname',
  RAPPORT_SMTP_MAX_MESSAGE_BYTES: 'smtpMaxMessageBytes',
  RAPPORT_SMTP_MAX_CONNECTIONS_PER_CLIENT: 'smtpMaxConnectionsPerClient',
  RAPPORT_SMTP_MAX_MESSAGES_PER_CLIENT_PER_MINUTE: 'smtpMaxMessagesPerClientPerMinute',
  RAPPORT_SMTP_TLS_KEY_FILE: 'smtpTlsKeyFile',
  RAPPORT_SMTP_TLS_CERT_FILE: 'smtpTlsCertFile',
  RAPPORT_SMTP_RELAY_URL: 'smtpRelayUrl',
  RAPPORT_DKIM_DOMAIN: 'dkimDomain',
  RAPPORT_DKIM_SELECTOR: 'dkimSelector',
  RAPPORT_DKIM_PRIVATE_KEY_FILE: 'dkimPrivateKeyFile',
  RAPPORT_EMAIL_AUTHENTICATION: 'emailAuthentication',
  RAPPORT_DNS_SERVERS: 'dnsServers',
  RAPPORT_INBOUND_CONCURRENCY: 'inboundConcurrency',
  RAPPORT_OUTBOUND_CONCURRENCY: 'outboundConcurrency',
  RAPPORT_UNDO_SEND_SECONDS: 'undoSendSeconds',
  RAPPORT_NOTIFICATION_EMAILS_PER_HOUR: 'notificationEmailsPerHour',
  RAPPORT_WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'webhookAllowPrivateNetworks',
  RAPPORT_SNAPSHOT_INTERVAL_MINUTES: 'snapshotIntervalMinutes',
  RAPPORT_SNAPSHOT_KEEP: 'snapshotKeep',
} as const satisfies Record<string, keyof z.input<typeof ConfigSchema>>;

const secretKeys = ['databaseUrl', 'smtpRelayUrl'] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function settingName(key: string): string {
  const variable = Object.entries(environmentKeys).find(([, value]) => value === key)?.[0];
  return variable ? `${variable} (${key} in rapport.config.json)` : key;
}

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** Path of the optional JSON file; defaults to ./rapport.config.json or RAPPORT_CONFIG; false reads none. */
  configFile?: string | false;
  overrides?: Partial<z.input<typeof ConfigSchema>>;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  let fileValues: Record<string, unknown> = {};
  const configFile = resolve(options.configFile || env['RAPPORT_CONFIG'] || 'rapport.config.json');
  if (options.configFile === false) {
    // tests and embedders pass everything explicitly
  } else if (existsSync(configFile)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(configFile, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push(`${configFile}: expected a JSON object`);
      } else {
        fileValues = parsed as Record<string, unknown>;
      }
    } catch (error) {
      problems.push(`${configFile}: not valid JSON (${(error as Error).message})`);
    }
  } else if (options.configFile ?? env['RAPPORT_CONFIG']) {
    problems.push(`${configFile}: file not found`);
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [variable, key] of Object.entries(environmentKeys)) {
    const value = env[variable];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const result = ConfigSchema.safeParse({ ...fileValues, ...fromEnv, ...options.overrides });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown setting(s) ${issue.keys.join(', ')} in ${configFile}`
          : `${settingName(key)}: ${issue.message}`;
      problems.push(message);
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  const data = result.data;
  const secrets = secretKeys.flatMap((key) => (data[key] ? [String(data[key])] : []));
  return Object.freeze({ ...data, isEmbedded: !data.databaseUrl, secrets });
}

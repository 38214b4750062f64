import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths never written to logs: credentials, cookies, tokens, message bodies. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  'token',
  '*.token',
  '*.passwordHash',
  'databaseUrl',
];

export function createLogger(options: { level: string; pretty?: boolean; secrets?: readonly string[] }): Logger {
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 6);
  return pino({
    level: options.level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    hooks: {
      // A secret that slips into a message string (e.g. a connection error quoting the URL) is masked.
      logMethod(args, method) {
        if (secrets.length > 0) {
          args = args.map((argument) =>
            typeof argument === 'string' ? secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), argument) : argument,
          ) as typeof args;
        }
        method.apply(this, args);
      },
    },
  });
}

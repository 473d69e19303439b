import pino, { type Logger } from 'pino';

/**
 * Structured logs. Log events, identifiers of principals and requests, counts and
 * durations: never data values, passwords, tokens or keys. The redaction list is a
 * safety net, not a licence to log such things.
 */
export function createLogger(level: string = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'community-safety-hub' },
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'apiKey',
          '*.apiKey',
          'secret',
          '*.secret',
          'variables',
          '*.variables',
        ],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

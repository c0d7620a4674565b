import { type DestinationStream, type Logger, pino } from 'pino'

/** Fields never written to a log line, whatever a caller passes. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'currentPassword',
  '*.currentPassword',
  'value',
  '*.value',
  'token',
  '*.token',
  'privateKeyPem',
  '*.privateKeyPem',
]

/**
 * The server's structured logger (pino, one JSON object per line) with credentials and secret
 * values redacted. `destination` defaults to stdout; tests pass a stream to read every line.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'sluice-server' },
    },
    options.destination,
  )
}

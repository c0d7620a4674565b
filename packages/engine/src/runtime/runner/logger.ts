import type { Logger } from '../contracts.ts'

/** A logger that drops everything: the default when the caller gives none. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
}

/** A logger that adds `bound` to every entry. */
export function childLogger(log: Logger, bound: object): Logger {
  return {
    debug: (fields, message) => log.debug({ ...bound, ...fields }, message),
    info: (fields, message) => log.info({ ...bound, ...fields }, message),
    warn: (fields, message) => log.warn({ ...bound, ...fields }, message),
    error: (fields, message) => log.error({ ...bound, ...fields }, message),
  }
}

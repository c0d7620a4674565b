import type { Logger } from '../../runtime/contracts.ts'
import type { DeliveryError } from '../../runtime/errors.ts'
import { backoffMs, sleep } from './backoff.ts'

/** How {@link untilDone} retries. */
export interface RetryOptions {
  /** The coded error to give up with, or `undefined` when the failure is worth retrying. */
  fatal(error: unknown): DeliveryError | undefined
  readonly signal: AbortSignal
  readonly log: Logger
  /** What is being done, for the log: `"receive from queue orders"`. */
  readonly what: string
  readonly initialMs?: number
  readonly maxMs?: number
}

/**
 * Runs `call` until it succeeds, backing off (capped exponential with jitter) after each failure
 * that `fatal` leaves retryable. Rejects with the fatal error; resolves `undefined` once `signal`
 * aborts, since the caller is stopping.
 */
export async function untilDone<T>(call: () => Promise<T>, options: RetryOptions): Promise<T | undefined> {
  for (let attempt = 1; !options.signal.aborted; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (options.signal.aborted) return undefined
      const fatal = options.fatal(error)
      if (fatal) throw fatal
      const delay = backoffMs(attempt, options.initialMs ?? 200, options.maxMs ?? 20_000)
      options.log.warn({ err: error, attempt, delayMs: delay }, `${options.what} failed; retrying`)
      await sleep(delay, options.signal)
    }
  }
  return undefined
}

/** A pending timer; `cancel` is harmless after it ran. */
export interface Timer {
  cancel(): void
}

/**
 * Time, timers and randomness as the sinks use them, injected so unit tests drive linger, backoff
 * and rollover with a manual clock instead of sleeping.
 */
export interface Scheduler {
  /** Milliseconds since the epoch. */
  now(): number
  /** Runs `run` once, `ms` from now. */
  setTimer(ms: number, run: () => void): Timer
  /** A number in [0, 1), for backoff jitter. */
  random(): number
}

/** The real clock, `setTimeout` and `Math.random`. */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimer(ms, run) {
    const handle = setTimeout(run, ms)
    return { cancel: () => clearTimeout(handle) }
  },
  random: () => Math.random(),
}

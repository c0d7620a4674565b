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

/** One timer that rings at the earliest time it is asked for; used for linger. */
export class Alarm {
  private readonly scheduler: Scheduler
  private readonly ring: () => void
  private pending: { at: number; timer: Timer } | undefined

  constructor(scheduler: Scheduler, ring: () => void) {
    this.scheduler = scheduler
    this.ring = ring
  }

  /** Rings at `at`, unless it is already set to ring by then. */
  ringAt(at: number): void {
    if (this.pending !== undefined && this.pending.at <= at) return
    this.pending?.timer.cancel()
    const timer = this.scheduler.setTimer(at - this.scheduler.now(), () => {
      this.pending = undefined
      this.ring()
    })
    this.pending = { at, timer }
  }

  cancel(): void {
    this.pending?.timer.cancel()
    this.pending = undefined
  }
}

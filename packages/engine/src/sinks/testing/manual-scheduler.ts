import type { Scheduler, Timer } from '../batching/scheduler.ts'

interface Pending {
  readonly at: number
  readonly seq: number
  readonly run: () => void
  cancelled: boolean
}

/**
 * A {@link Scheduler} for unit tests: time moves only when the test calls {@link advance}, which
 * runs the due timers in order. `random` returns a fixed value (by default 0.5).
 */
export class ManualScheduler implements Scheduler {
  private time: number
  private seq = 0
  private timers: Pending[] = []
  randomValue = 0.5

  constructor(start = 1_700_000_000_000) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  random(): number {
    return this.randomValue
  }

  setTimer(ms: number, run: () => void): Timer {
    this.seq += 1
    const pending: Pending = { at: this.time + Math.max(0, ms), seq: this.seq, run, cancelled: false }
    this.timers.push(pending)
    return {
      cancel: () => {
        pending.cancelled = true
      },
    }
  }

  /** Timers not yet run nor cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length
  }

  /** Moves time forward by `ms`, running each timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled)
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0]
      if (next === undefined) break
      this.timers = this.timers.filter((t) => t !== next)
      this.time = Math.max(this.time, next.at)
      next.run()
    }
    this.time = end
  }
}

/** Lets pending promise callbacks and I/O callbacks run. */
export async function settleAsync(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

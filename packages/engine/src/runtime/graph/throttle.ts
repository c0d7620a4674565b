import { Observable, type OperatorFunction } from 'rxjs'
import type { Envelope } from '../envelope.ts'
import { Queue } from './queue.ts'

/** The settings of a token bucket. */
export interface ThrottleRate {
  ratePerSecond: number
  burst: number
}

/**
 * A token bucket: up to `burst` envelopes pass at once, then `ratePerSecond`. Envelopes over the
 * rate wait in order (never dropped); only unsettled envelopes wait, so the sources' in-flight
 * bound caps the queue. `now` and `schedule` are injectable for tests.
 */
export function throttle(
  rate: ThrottleRate,
  clock: { now(): number; schedule(fn: () => void, ms: number): () => void } = systemClock,
): OperatorFunction<Envelope, Envelope> {
  return (source) =>
    new Observable<Envelope>((out) => {
      const waiting = new Queue<Envelope>()
      let tokens = rate.burst
      let refilledAt = clock.now()
      let cancelTimer: (() => void) | undefined
      let completed = false

      const refill = () => {
        const at = clock.now()
        tokens = Math.min(rate.burst, tokens + ((at - refilledAt) * rate.ratePerSecond) / 1000)
        refilledAt = at
      }
      const release = () => {
        cancelTimer = undefined
        refill()
        while (tokens >= 1) {
          const next = waiting.shift()
          if (next === undefined) break
          tokens -= 1
          out.next(next)
        }
        if (waiting.length > 0) wait()
        else if (completed) out.complete()
      }
      const wait = () => {
        if (cancelTimer) return
        const ms = Math.max(1, Math.ceil(((1 - tokens) * 1000) / rate.ratePerSecond))
        cancelTimer = clock.schedule(release, ms)
      }

      const subscription = source.subscribe({
        next(envelope) {
          if (waiting.length === 0) {
            refill()
            if (tokens >= 1) {
              tokens -= 1
              out.next(envelope)
              return
            }
          }
          waiting.push(envelope)
          wait()
        },
        error(error: unknown) {
          out.error(error)
        },
        complete() {
          completed = true
          if (waiting.length === 0) out.complete()
        },
      })
      return () => {
        cancelTimer?.()
        subscription.unsubscribe()
      }
    })
}

const systemClock = {
  now: () => performance.now(),
  schedule(fn: () => void, ms: number) {
    const timer = setTimeout(fn, ms)
    return () => clearTimeout(timer)
  },
}

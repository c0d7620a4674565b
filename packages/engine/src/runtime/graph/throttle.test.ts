import { Subject } from 'rxjs'
import { describe, expect, it } from 'vitest'
import { Envelope } from '../envelope.ts'
import { throttle } from './throttle.ts'

function fakeClock() {
  let now = 0
  const timers: { at: number; fn: () => void }[] = []
  return {
    now: () => now,
    schedule(fn: () => void, ms: number) {
      const timer = { at: now + ms, fn }
      timers.push(timer)
      return () => {
        timers.splice(timers.indexOf(timer), 1)
      }
    },
    advance(ms: number) {
      const until = now + ms
      for (;;) {
        timers.sort((a, b) => a.at - b.at)
        const next = timers[0]
        if (!next || next.at > until) break
        timers.shift()
        now = next.at
        next.fn()
      }
      now = until
    },
    pending: () => timers.length,
  }
}

const owner = { settled() {} }

describe('throttle', () => {
  it('lets a burst through, then the rate, in order and without dropping any', () => {
    const clock = fakeClock()
    const input = new Subject<Envelope>()
    const passed: unknown[] = []
    input.pipe(throttle({ ratePerSecond: 10, burst: 3 }, clock)).subscribe((e) => passed.push(e.body))
    for (let i = 0; i < 10; i++) input.next(new Envelope(i, owner))
    expect(passed).toEqual([0, 1, 2])
    clock.advance(100)
    expect(passed).toEqual([0, 1, 2, 3])
    clock.advance(250)
    expect(passed).toEqual([0, 1, 2, 3, 4, 5])
    clock.advance(1_000)
    expect(passed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(clock.pending()).toBe(0)
  })

  it('refills up to the burst after a quiet period, never beyond', () => {
    const clock = fakeClock()
    const input = new Subject<Envelope>()
    const passed: unknown[] = []
    input.pipe(throttle({ ratePerSecond: 100, burst: 2 }, clock)).subscribe((e) => passed.push(e.body))
    clock.advance(60_000)
    for (let i = 0; i < 4; i++) input.next(new Envelope(i, owner))
    expect(passed).toEqual([0, 1])
    clock.advance(10)
    expect(passed).toEqual([0, 1, 2])
  })

  it('cancels its timer when unsubscribed', () => {
    const clock = fakeClock()
    const input = new Subject<Envelope>()
    const subscription = input.pipe(throttle({ ratePerSecond: 1, burst: 1 }, clock)).subscribe()
    input.next(new Envelope(1, owner))
    input.next(new Envelope(2, owner))
    expect(clock.pending()).toBe(1)
    subscription.unsubscribe()
    expect(clock.pending()).toBe(0)
  })
})

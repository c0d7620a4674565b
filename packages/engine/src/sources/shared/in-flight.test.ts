import { describe, expect, it } from 'vitest'
import { InFlightGate } from './in-flight.ts'

describe('InFlightGate', () => {
  it('takes as many slots as are free, up to what is wanted', async () => {
    const gate = new InFlightGate(5)
    expect(await gate.acquire(3)).toBe(3)
    expect(await gate.acquire(10)).toBe(2)
    expect(gate.room).toBe(0)
    expect(gate.inUse).toBe(5)
  })

  it('makes a producer wait for room, and wakes it on release', async () => {
    const gate = new InFlightGate(1)
    await gate.acquire()
    let taken = 0
    const waiting = gate.acquire(4).then((n) => {
      taken = n
    })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(taken).toBe(0)
    gate.release()
    await waiting
    expect(taken).toBe(1)
  })

  it('gives up waiting when the signal aborts, and tells when it is idle', async () => {
    const gate = new InFlightGate(1)
    await gate.acquire()
    const abort = new AbortController()
    const waiting = gate.acquire(1, abort.signal)
    abort.abort()
    expect(await waiting).toBe(0)
    let idle = false
    const idling = gate.idle().then(() => {
      idle = true
    })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(idle).toBe(false)
    gate.release()
    await idling
    expect(idle).toBe(true)
    expect(() => gate.release()).toThrow(RangeError)
  })
})

import { describe, expect, it } from 'vitest'
import type { Source } from '../../runtime/contracts.ts'
import type { Envelope } from '../../runtime/envelope.ts'
import { retryableError } from '../../runtime/errors.ts'

/** A source over fake service clients, holding `total` items. */
export interface SourceFixture {
  readonly source: Source
  /** The bound on unsettled envelopes the source was given. */
  readonly maxInFlight: number
  readonly total: number
  /** A stable identity of the item an envelope carries (the same on redelivery). */
  identify(envelope: Envelope): string
  /** Items the service still holds, not committed (deleted, after-read applied). */
  uncommitted(): number
  /** Commit calls per committed unit (a message delete, an object's after-read). */
  commitCounts(): ReadonlyMap<string, number>
  close(): Promise<void>
}

export type SourceFixtureFactory = (options: { total: number; maxInFlight: number }) => Promise<SourceFixture>

/** Polls `predicate` until it holds, failing after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

interface Consumption {
  readonly received: Envelope[]
  readonly unsettled: Set<Envelope>
  maxUnsettled: number
  completed: boolean
  emittedAfterComplete: number
  error: unknown
  unsubscribe(): void
}

function consume(source: Source, onEnvelope: (envelope: Envelope, c: Consumption) => void): Consumption {
  const c: Consumption = {
    received: [],
    unsettled: new Set(),
    maxUnsettled: 0,
    completed: false,
    emittedAfterComplete: 0,
    error: undefined,
    unsubscribe: () => {},
  }
  const subscription = source.messages.subscribe({
    next(envelope) {
      if (c.completed) c.emittedAfterComplete += 1
      c.received.push(envelope)
      c.unsettled.add(envelope)
      for (const e of c.unsettled) if (e.isSettled) c.unsettled.delete(e)
      c.maxUnsettled = Math.max(c.maxUnsettled, c.unsettled.size)
      onEnvelope(envelope, c)
    },
    complete() {
      c.completed = true
    },
    error(error) {
      c.error = error
    },
  })
  c.unsubscribe = () => subscription.unsubscribe()
  return c
}

function unsettledCount(c: Consumption): number {
  return c.received.filter((e) => !e.isSettled).length
}

function later(action: () => void): void {
  setTimeout(action, Math.floor(Math.random() * 10))
}

/**
 * The behaviour every source must show, run against fakes: demand bounded by `maxInFlight`,
 * commits on ack, redelivery after nack, exactly-once settlement, and stop + drained.
 */
export function describeSourceConformance(name: string, create: SourceFixtureFactory): void {
  describe(`${name}: source conformance`, () => {
    it('pauses at maxInFlight unsettled envelopes and resumes as they settle', async () => {
      const fixture = await create({ total: 30, maxInFlight: 4 })
      const c = consume(fixture.source, () => {})
      await waitFor(() => c.received.length === fixture.maxInFlight, 'the first maxInFlight envelopes')
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(c.received).toHaveLength(fixture.maxInFlight)
      c.received[0]?.ack()
      await waitFor(() => c.received.length === fixture.maxInFlight + 1, 'one more envelope after an ack')
      for (const e of c.received) later(() => e.ack())
      const settleAll = setInterval(() => {
        for (const e of c.received) if (!e.isSettled) later(() => e.ack())
      }, 20)
      await waitFor(() => fixture.uncommitted() === 0, 'every item committed')
      clearInterval(settleAll)
      expect(c.maxUnsettled).toBeLessThanOrEqual(fixture.maxInFlight)
      await fixture.source.stop()
      await fixture.source.drained()
      await fixture.close()
    })

    it('commits each acked item exactly once', async () => {
      const fixture = await create({ total: 23, maxInFlight: 5 })
      const c = consume(fixture.source, (e) => later(() => e.ack()))
      await waitFor(() => fixture.uncommitted() === 0, 'every item committed')
      await fixture.source.stop()
      await fixture.source.drained()
      expect(new Set(c.received.map((e) => fixture.identify(e))).size).toBe(fixture.total)
      expect(c.received).toHaveLength(fixture.total)
      expect([...fixture.commitCounts().values()].every((n) => n === 1)).toBe(true)
      expect(c.maxUnsettled).toBeLessThanOrEqual(fixture.maxInFlight)
      await fixture.close()
    })

    it('delivers a nacked item again', async () => {
      const fixture = await create({ total: 6, maxInFlight: 3 })
      const nacked = new Set<string>()
      const seen = new Map<string, number>()
      const c = consume(fixture.source, (e) => {
        const id = fixture.identify(e)
        seen.set(id, (seen.get(id) ?? 0) + 1)
        if (nacked.size < 2 && !nacked.has(id)) {
          nacked.add(id)
          later(() => e.nack(retryableError('test.failed', 'the sink failed')))
        } else later(() => e.ack())
      })
      await waitFor(() => fixture.uncommitted() === 0, 'every item committed after redelivery')
      await fixture.source.stop()
      await fixture.source.drained()
      expect(nacked.size).toBe(2)
      for (const id of nacked) expect(seen.get(id)).toBeGreaterThanOrEqual(2)
      expect(c.error).toBeUndefined()
      expect([...fixture.commitCounts().values()].every((n) => n === 1)).toBe(true)
      await fixture.close()
    })

    it('settles each envelope once: a second ack or nack changes nothing', async () => {
      const fixture = await create({ total: 4, maxInFlight: 4 })
      const c = consume(fixture.source, (e) => {
        expect(e.ack()).toBe(true)
        expect(e.ack()).toBe(false)
        expect(e.nack(retryableError('test.late', 'too late'))).toBe(false)
        expect(e.ackFiltered()).toBe(false)
      })
      await waitFor(() => fixture.uncommitted() === 0, 'every item committed')
      await fixture.source.stop()
      await fixture.source.drained()
      expect(c.received).toHaveLength(fixture.total)
      expect([...fixture.commitCounts().values()].every((n) => n === 1)).toBe(true)
      await fixture.close()
    })

    it('stop completes messages; drained waits for the envelopes still out and their commits', async () => {
      const fixture = await create({ total: 20, maxInFlight: 5 })
      const c = consume(fixture.source, () => {})
      await waitFor(() => c.received.length === fixture.maxInFlight, 'maxInFlight envelopes')
      c.received[0]?.ack()
      await fixture.source.stop()
      await waitFor(() => c.completed, 'messages to complete')
      let drained = false
      const draining = fixture.source.drained().then(() => {
        drained = true
      })
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(drained).toBe(false)
      const acked = new Set<string>()
      for (const e of c.received) if (e.ack() || e.isSettled) acked.add(fixture.identify(e))
      await draining
      expect(unsettledCount(c)).toBe(0)
      expect(c.emittedAfterComplete).toBe(0)
      expect(fixture.uncommitted()).toBeGreaterThanOrEqual(fixture.total - acked.size)
      expect(fixture.uncommitted()).toBeGreaterThan(0)
      expect([...fixture.commitCounts().values()].every((n) => n === 1)).toBe(true)
      await fixture.close()
    })
  })
}

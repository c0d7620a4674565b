import { describe, expect, it } from 'vitest'
import { type CaptureSink, captureSink } from '../../testing/capture-sink.ts'
import { runFixture } from '../../testing/fixture.ts'
import { seededRandom } from '../../testing/random.ts'
import { syntheticSource } from '../../testing/synthetic-source.ts'
import { permanentError, retryableError } from '../errors.ts'

const WORKFLOW = {
  nodes: [
    { id: 'in', type: 'source', asset: 'synthetic' },
    { id: 'double', type: 'map', expression: '$merge([$, { "w": v * 2 }])' },
    {
      id: 'by',
      type: 'route',
      routes: [
        { name: 'high', when: 'v >= 5' },
        { name: 'odd', when: 'v % 2 = 1' },
      ],
    },
    { id: 'all', type: 'sink', asset: 'capture' },
    { id: 'high', type: 'sink', asset: 'capture' },
    { id: 'odd', type: 'sink', asset: 'capture' },
    { id: 'rest', type: 'sink', asset: 'capture' },
    { id: 'dead', type: 'sink', asset: 'capture' },
  ],
  links: [
    { from: 'in', to: 'double' },
    { from: 'double', to: 'all' },
    { from: 'double', to: 'by' },
    { from: 'by.high', to: 'high' },
    { from: 'by.odd', to: 'odd' },
    { from: 'by.default', to: 'rest' },
  ],
  errorSink: 'dead',
}

type Decision = 'ack' | 'retry' | 'permanent' | 'dead-ack' | 'dead-nack'

/** What the source must see for a message, given how each of its branches was settled. */
function expectedOutcome(decisions: readonly Decision[]): string {
  if (decisions.includes('retry') || decisions.includes('dead-nack')) return 'nacked'
  if (decisions.includes('dead-ack')) return 'error-routed'
  return 'acked'
}

describe('settlement under random ack and nack orders', () => {
  for (const seed of [1, 7, 42, 1234, 99991]) {
    it(`settles every message exactly once, as its branches decide (seed ${seed})`, async () => {
      const random = seededRandom(seed)
      const count = 150
      const maxInFlight = 20
      const input = syntheticSource({
        count,
        maxInFlight,
        body: (i) => ({ v: random.int(12) === 0 ? 'x' : random.int(10), i }),
      })
      const sinks: Record<string, CaptureSink> = {}
      for (const id of ['all', 'high', 'odd', 'rest', 'dead']) sinks[id] = captureSink({ mode: 'hold' })
      const run = runFixture(WORKFLOW, { sources: { in: input }, sinks })
      const decisions = new Map<number, Decision[]>()
      const decide = (index: unknown, decision: Decision) => {
        if (typeof index !== 'number') throw new Error('a held envelope lost its source index')
        decisions.set(index, [...(decisions.get(index) ?? []), decision])
      }
      for (
        let round = 0;
        round < 10_000 && input.counts.acked + input.counts.errorRouted + input.counts.nacked < count;
        round++
      ) {
        const held = Object.entries(sinks).flatMap(([id, sink]) =>
          sink.held.map((envelope) => ({ id, envelope })),
        )
        for (const { id, envelope } of random.shuffle(held)) {
          if (random.int(3) === 0) continue
          const roll = random.int(10)
          if (id === 'dead') {
            decide(envelope.meta.index, roll < 7 ? 'dead-ack' : 'dead-nack')
            if (roll < 7) envelope.ack()
            else envelope.nack(permanentError('sink.invalid', 'dead letter refused'))
          } else if (roll < 6) {
            decide(envelope.meta.index, 'ack')
            envelope.ack()
          } else if (roll < 8) {
            decide(envelope.meta.index, 'retry')
            envelope.nack(retryableError('aws.throttled', 'slow down'))
          } else {
            decide(envelope.meta.index, 'permanent')
            envelope.nack(permanentError('sink.too-large', 'too large'))
          }
        }
        await new Promise((resolve) => setImmediate(resolve))
        expect(input.unsettled).toBeLessThanOrEqual(maxInFlight)
      }
      await input.allSettled()
      expect(input.repeatedSettlements).toBe(0)
      expect(input.peakUnsettled).toBeLessThanOrEqual(maxInFlight)
      for (let i = 0; i < count; i++) {
        const outcome = input.outcomes[i]
        const seen = outcome?.type === 'acked' && outcome.errorRouted ? 'error-routed' : outcome?.type
        const made = decisions.get(i)
        expect(made, `message ${i} was settled without any sink deciding`).toBeDefined()
        expect(seen, `message ${i}: ${JSON.stringify(made)}`).toBe(expectedOutcome(made ?? []))
      }
      const metrics = run.status().metrics
      expect(metrics.in).toBe(count)
      expect(metrics.out + metrics.errors + metrics.filtered).toBe(count)
      expect(metrics.inFlight).toBe(0)
      await run.stop(1_000)
    })
  }
})

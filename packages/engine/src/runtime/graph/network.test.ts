import { tap } from 'rxjs'
import { describe, expect, it, vi } from 'vitest'
import { captureSink } from '../../testing/capture-sink.ts'
import { runFixture } from '../../testing/fixture.ts'
import { syntheticSource } from '../../testing/synthetic-source.ts'
import { DeliveryError, permanentError, retryableError } from '../errors.ts'

const source = (id: string) => ({ id, type: 'source', asset: 'synthetic' })
const sink = (id: string) => ({ id, type: 'sink', asset: 'capture' })

describe('a workflow network', () => {
  it('acks a fanned-out message only when every branch has been acked', async () => {
    const input = syntheticSource({ count: 3 })
    const fast = captureSink()
    const slow = captureSink({ mode: 'hold' })
    const run = runFixture(
      {
        nodes: [
          source('in'),
          { id: 'tag', type: 'map', expression: '$merge([$, {"tagged": true}])' },
          sink('a'),
          sink('b'),
        ],
        links: [
          { from: 'in', to: 'tag' },
          { from: 'tag', to: 'a' },
          { from: 'tag', to: 'b' },
        ],
      },
      { sources: { in: input }, sinks: { a: fast, b: slow } },
    )
    expect(run.state).toBe('running')
    expect(fast.written).toBe(3)
    expect(slow.held).toHaveLength(3)
    expect(input.counts.acked).toBe(0)
    slow.held[1]?.ack()
    expect([0, 1, 2].map((i) => input.outcomes[i]?.type)).toEqual([undefined, 'acked', undefined])
    slow.ackHeld()
    await input.allSettled()
    expect(input.counts).toEqual({ acked: 3, errorRouted: 0, filtered: 0, nacked: 0 })
    expect(fast.bodies[0]).toMatchObject({ index: 0, tagged: true })
    expect(run.status().metrics).toMatchObject({ in: 3, out: 3, inFlight: 0 })
    await run.stop(1_000)
  })

  it('sends a message along every route whose condition holds, and the rest to default', async () => {
    const input = syntheticSource({ count: 6, body: (i) => ({ amount: [12, 3, 20, 7, 1, 14][i] }) })
    const big = captureSink()
    const even = captureSink()
    const rest = captureSink()
    const run = runFixture(
      {
        nodes: [
          source('in'),
          {
            id: 'by',
            type: 'route',
            routes: [
              { name: 'big', when: 'amount >= 10' },
              { name: 'even', when: 'amount % 2 = 0' },
            ],
          },
          sink('big'),
          sink('even'),
          sink('rest'),
        ],
        links: [
          { from: 'in', to: 'by' },
          { from: 'by.big', to: 'big' },
          { from: 'by.even', to: 'even' },
          { from: 'by.default', to: 'rest' },
        ],
      },
      { sources: { in: input }, sinks: { big, even, rest } },
    )
    await input.allSettled()
    expect(big.bodies).toEqual([{ amount: 12 }, { amount: 20 }, { amount: 14 }])
    expect(even.bodies).toEqual([{ amount: 12 }, { amount: 20 }, { amount: 14 }])
    expect(rest.bodies).toEqual([{ amount: 3 }, { amount: 7 }, { amount: 1 }])
    expect(input.counts.acked).toBe(6)
    await run.stop(1_000)
  })

  it('acks messages a route drops or a filter rejects as filtered', async () => {
    const input = syntheticSource({ count: 4, body: (i) => ({ status: i % 2 ? 'paid' : 'open', amount: i }) })
    const out = captureSink()
    const run = runFixture(
      {
        nodes: [
          source('in'),
          { id: 'paid', type: 'filter', expression: 'status = "paid"' },
          { id: 'by', type: 'route', routes: [{ name: 'one', when: 'amount = 1' }], otherwise: 'drop' },
          sink('out'),
        ],
        links: [
          { from: 'in', to: 'paid' },
          { from: 'paid', to: 'by' },
          { from: 'by.one', to: 'out' },
        ],
      },
      { sources: { in: input }, sinks: { out } },
    )
    await input.allSettled()
    expect(out.bodies).toEqual([{ status: 'paid', amount: 1 }])
    expect(input.outcomes.map((o) => o?.type)).toEqual(['filtered', 'acked', 'filtered', 'filtered'])
    const nodes = Object.fromEntries(run.nodeMetrics().map((n) => [n.node, n]))
    expect(nodes.paid).toMatchObject({ in: 4, out: 2, filtered: 2 })
    expect(nodes.by).toMatchObject({ in: 2, out: 1, filtered: 1 })
    expect(run.status().metrics).toMatchObject({ in: 4, out: 1, filtered: 3, errors: 0 })
    await run.stop(1_000)
  })

  it('sends a message whose expression fails to the error sink, and settles it with the error sink', async () => {
    const input = syntheticSource({ count: 3, body: (i) => ({ amount: i === 1 ? 'lots' : i }) })
    const out = captureSink()
    const errors = captureSink({ mode: 'hold' })
    const run = runFixture(
      {
        nodes: [
          source('in'),
          { id: 'double', type: 'map', expression: 'amount * 2' },
          sink('out'),
          sink('dead'),
        ],
        links: [
          { from: 'in', to: 'double' },
          { from: 'double', to: 'out' },
        ],
        errorSink: 'dead',
      },
      { sources: { in: input }, sinks: { out, dead: errors } },
    )
    await vi.waitFor(() => expect(errors.held).toHaveLength(1))
    const failed = errors.held[0]
    expect(failed?.body).toEqual({ amount: 'lots' })
    expect(failed?.attributes).toMatchObject({
      'sluice.error.code': 'processor.expression-failed',
      'sluice.error.node': 'double',
      'sluice.workflow': 'fixture',
    })
    expect(failed?.attributes['sluice.error.message']).toMatch(/T2001/)
    expect(input.outcomes[1]).toBeUndefined()
    failed?.ack()
    await input.allSettled()
    expect(input.outcomes[1]).toEqual({ type: 'acked', errorRouted: true })
    expect(out.bodies).toEqual([0, 4])
    expect(run.status().metrics).toMatchObject({ in: 3, out: 2, errors: 1 })
    expect(run.status().recentErrors[0]).toMatchObject({
      code: 'processor.expression-failed',
      node: 'double',
    })
    await run.stop(1_000)
  })

  it('nacks the original with its own error when the error sink refuses the copy', async () => {
    const input = syntheticSource({ count: 1 })
    const refuse = captureSink({ mode: (e) => e.nack(permanentError('sink.too-large', 'too large')) })
    const broken = captureSink({ mode: (e) => e.nack(permanentError('sink.invalid', 'bad field')) })
    const run = runFixture(
      {
        nodes: [source('in'), sink('out'), sink('dead')],
        links: [{ from: 'in', to: 'out' }],
        errorSink: 'dead',
      },
      { sources: { in: input }, sinks: { out: broken, dead: refuse } },
    )
    await input.allSettled()
    const outcome = input.outcomes[0]
    expect(outcome?.type).toBe('nacked')
    if (outcome?.type === 'nacked') expect(outcome.error).toMatchObject({ code: 'sink.invalid' })
    expect(refuse.written).toBe(1)
    await run.stop(1_000)
  })

  it('nacks permanent failures at the source when there is no error sink', async () => {
    const input = syntheticSource({ count: 2, body: (i) => (i === 0 ? { a: 1 } : { b: 1 }) })
    const out = captureSink()
    const run = runFixture(
      {
        nodes: [source('in'), { id: 'pick', type: 'map', expression: 'a' }, sink('out')],
        links: [
          { from: 'in', to: 'pick' },
          { from: 'pick', to: 'out' },
        ],
      },
      { sources: { in: input }, sinks: { out } },
    )
    await input.allSettled()
    expect(out.bodies).toEqual([1])
    const outcome = input.outcomes[1]
    expect(outcome?.type).toBe('nacked')
    if (outcome?.type === 'nacked') {
      expect(outcome.error).toBeInstanceOf(DeliveryError)
      expect(outcome.error).toMatchObject({ code: 'processor.no-result', permanent: true })
    }
    await run.stop(1_000)
  })

  it('sends a message its source could not decode straight to the error sink', async () => {
    const input = syntheticSource({ count: 2 })
    const decoding = {
      ...input,
      messages: input.messages.pipe(
        tap((envelope) => {
          if (envelope.meta.index === 0)
            envelope.decodeError = permanentError('source.invalid-json', 'not JSON')
        }),
      ),
    }
    const out = captureSink()
    const dead = captureSink()
    const run = runFixture(
      {
        nodes: [source('in'), sink('out'), sink('dead')],
        links: [{ from: 'in', to: 'out' }],
        errorSink: 'dead',
      },
      { sources: { in: decoding }, sinks: { out, dead } },
    )
    await input.allSettled()
    expect(dead.received[0]?.attributes).toMatchObject({
      'sluice.error.code': 'source.invalid-json',
      'sluice.error.node': 'in',
    })
    expect(out.bodies).toEqual([{ index: 1 }])
    expect(input.counts).toEqual({ acked: 1, errorRouted: 1, filtered: 0, nacked: 0 })
    await run.stop(1_000)
  })

  it('keeps message order through expressions that need JSONata itself', async () => {
    const input = syntheticSource({ count: 50, body: (i) => ({ i, items: i % 3 ? [{ q: i }] : { q: i } }) })
    const out = captureSink()
    const run = runFixture(
      {
        nodes: [
          source('in'),
          { id: 'sum', type: 'map', expression: '{ "i": i, "total": $sum(items.q) }' },
          sink('out'),
        ],
        links: [
          { from: 'in', to: 'sum' },
          { from: 'sum', to: 'out' },
        ],
      },
      { sources: { in: input }, sinks: { out } },
    )
    await input.allSettled()
    expect(out.bodies.map((b) => (typeof b === 'object' && b !== null ? Reflect.get(b, 'i') : b))).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    )
    await run.stop(1_000)
  })

  it('never has more than maxInFlight messages unsettled', async () => {
    const input = syntheticSource({ count: 200, maxInFlight: 16 })
    const out = captureSink({ mode: 'hold' })
    const run = runFixture(
      {
        nodes: [source('in'), { id: 'keep', type: 'filter', expression: 'true' }, sink('out')],
        links: [
          { from: 'in', to: 'keep' },
          { from: 'keep', to: 'out' },
        ],
      },
      { sources: { in: input }, sinks: { out } },
    )
    while (input.emitted < 200) {
      expect(out.held.length).toBeLessThanOrEqual(16)
      expect(run.inFlight).toBeLessThanOrEqual(16)
      out.ackHeld()
      await new Promise((resolve) => setImmediate(resolve))
    }
    out.ackHeld()
    await input.allSettled()
    expect(input.peakUnsettled).toBe(16)
    expect(input.counts.acked).toBe(200)
    await run.stop(1_000)
  })

  it('treats a retryable sink failure as a nack, not an error-sink message', async () => {
    const input = syntheticSource({ count: 1 })
    const flaky = captureSink({ mode: (e) => e.nack(retryableError('aws.throttled', 'slow down')) })
    const dead = captureSink()
    const run = runFixture(
      {
        nodes: [source('in'), sink('out'), sink('dead')],
        links: [{ from: 'in', to: 'out' }],
        errorSink: 'dead',
      },
      { sources: { in: input }, sinks: { out: flaky, dead } },
    )
    await input.allSettled()
    expect(input.counts.nacked).toBe(1)
    expect(dead.written).toBe(0)
    await run.stop(1_000)
  })
})

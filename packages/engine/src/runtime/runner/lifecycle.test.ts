import { Observable } from 'rxjs'
import { describe, expect, it, vi } from 'vitest'
import { captureSink } from '../../testing/capture-sink.ts'
import { runFixture } from '../../testing/fixture.ts'
import { syntheticSource } from '../../testing/synthetic-source.ts'
import type { Source, SourceMetrics } from '../contracts.ts'
import type { Envelope } from '../envelope.ts'
import { dependencyError } from '../errors.ts'

const PIPE = {
  nodes: [
    { id: 'in', type: 'source', asset: 'synthetic' },
    { id: 'out', type: 'sink', asset: 'capture' },
  ],
  links: [{ from: 'in', to: 'out' }],
}

describe('a workflow run', () => {
  it('nacks what is still unsettled at the drain deadline, then closes', async () => {
    const input = syntheticSource({ count: 10, maxInFlight: 4 })
    const out = captureSink({ mode: 'hold' })
    const run = runFixture(PIPE, { sources: { in: input }, sinks: { out } })
    expect(out.held).toHaveLength(4)
    out.held[0]?.ack()
    const states: string[] = []
    run.onState((state) => states.push(state))
    await run.stop(300)
    expect(states).toEqual(['draining', 'stopped'])
    expect(input.counts).toEqual({ acked: 1, errorRouted: 0, filtered: 0, nacked: 4 })
    const nacked = input.outcomes[1]
    expect(nacked?.type === 'nacked' && nacked.error).toMatchObject({ code: 'workflow.drain-deadline' })
    expect(out.closed).toBe(true)
    expect(input.emitted).toBe(5)
    out.held[0]?.ack()
    expect(input.repeatedSettlements).toBe(0)
  })

  it('lets in-flight messages finish when they settle before the deadline', async () => {
    const input = syntheticSource({ count: 10, maxInFlight: 3 })
    const out = captureSink({ mode: 'hold' })
    const run = runFixture(PIPE, { sources: { in: input }, sinks: { out } })
    const stopping = run.stop(10_000)
    expect(run.stop(10_000)).toBe(stopping)
    expect(run.state).toBe('draining')
    setTimeout(() => out.ackHeld(), 50)
    await stopping
    expect(input.counts.acked).toBe(3)
    expect(input.counts.nacked).toBe(0)
    expect(run.state).toBe('stopped')
  })

  it('tells the sinks when a source has caught up with its input', async () => {
    const out = captureSink()
    let told = 0
    out.sourcesCaughtUp = () => {
      told += 1
    }
    const caughtUpSource = (context: { metrics: SourceMetrics }): Source => ({
      messages: new Observable<Envelope>(() => context.metrics.caughtUp()),
      stop: async () => {},
      drained: async () => {},
    })
    const run = runFixture(PIPE, { sinks: { out } }, { overrides: { in: { source: caughtUpSource } } })
    expect(run.state).toBe('running')
    expect(told).toBe(1)
    await run.stop(1_000)
  })

  it('restarts with backoff after a source fails, and reports failed-dependency meanwhile', async () => {
    let starts = 0
    const failing = (): Source => {
      starts += 1
      const attempt = starts
      return {
        messages: new Observable<Envelope>((subscriber) => {
          if (attempt === 1) subscriber.error(new Error('queue sluice-x does not exist'))
        }),
        stop: async () => {},
        drained: async () => {},
      }
    }
    const out = captureSink()
    const run = runFixture(
      PIPE,
      { sinks: { out } },
      { overrides: { in: { source: failing } }, backoff: { initialMs: 30, maxMs: 100 } },
    )
    expect(run.state).toBe('failed-dependency')
    expect(run.status().reason).toBe('in: queue sluice-x does not exist')
    await vi.waitFor(() => expect(run.state).toBe('running'))
    expect(starts).toBe(2)
    await run.stop(1_000)
  })

  it('releases its messages and restarts when a sink finds its resource missing', async () => {
    const sources = [syntheticSource({ count: 3 }), syntheticSource({ count: 3 })]
    let attempt = 0
    const out = captureSink({
      mode: (e) => (attempt === 1 ? e.nack(dependencyError('aws.not-found', 'no such queue')) : e.ack()),
    })
    const run = runFixture(
      PIPE,
      { sinks: { out } },
      {
        overrides: {
          in: {
            source: () => {
              const source = sources[attempt]
              attempt += 1
              if (!source) throw new Error('started too often')
              return source
            },
          },
        },
        backoff: { initialMs: 20, maxMs: 20 },
      },
    )
    await vi.waitFor(() => expect(sources[1]?.counts.acked).toBe(3))
    expect(sources[0]?.counts.nacked).toBeGreaterThan(0)
    expect(sources[0]?.counts.nacked).toBe(sources[0]?.emitted)
    expect(run.status().recentErrors[0]).toMatchObject({ code: 'aws.not-found', node: 'out' })
    expect(run.state).toBe('running')
    await run.stop(1_000)
  })

  it('passes messages through a throttle at its rate, dropping none', async () => {
    const input = syntheticSource({ count: 30 })
    const out = captureSink()
    const started = performance.now()
    const run = runFixture(
      {
        nodes: [
          { id: 'in', type: 'source', asset: 'synthetic' },
          { id: 'slow', type: 'throttle', ratePerSecond: 50, burst: 5 },
          { id: 'out', type: 'sink', asset: 'capture' },
        ],
        links: [
          { from: 'in', to: 'slow' },
          { from: 'slow', to: 'out' },
        ],
      },
      { sources: { in: input }, sinks: { out } },
    )
    expect(out.written).toBe(5)
    await input.allSettled()
    expect(performance.now() - started).toBeGreaterThanOrEqual(450)
    expect(out.bodies).toEqual(Array.from({ length: 30 }, (_, index) => ({ index })))
    expect(run.nodeMetrics().find((n) => n.node === 'slow')).toMatchObject({ in: 30, out: 30 })
    await run.stop(1_000)
  })

  it('stops a run that failed its configuration without touching anything', async () => {
    const run = runFixture({ nodes: [{ id: 'in', type: 'source', asset: 'x' }], links: [] }, {})
    expect(run.state).toBe('failed-config')
    expect(run.problems).toEqual([
      expect.objectContaining({
        asset: 'workflow/fixture',
        path: '/spec/nodes/0',
        code: 'graph.unconnected-port',
      }),
    ])
    await run.stop(100)
    expect(run.state).toBe('failed-config')
  })
})

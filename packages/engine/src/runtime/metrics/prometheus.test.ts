import { afterAll, describe, expect, it } from 'vitest'
import { captureSink } from '../../testing/capture-sink.ts'
import { runFixture } from '../../testing/fixture.ts'
import { syntheticSource } from '../../testing/synthetic-source.ts'
import { serveMetrics } from './metrics-server.ts'
import { renderPrometheus } from './prometheus.ts'

async function finishedRun() {
  const input = syntheticSource({ count: 4, body: (i) => ({ ok: i !== 2 }) })
  const out = captureSink()
  const run = runFixture(
    {
      nodes: [
        { id: 'in', type: 'source', asset: 'synthetic' },
        { id: 'keep', type: 'filter', expression: 'ok' },
        { id: 'out', type: 'sink', asset: 'capture' },
      ],
      links: [
        { from: 'in', to: 'keep' },
        { from: 'keep', to: 'out' },
      ],
    },
    { sources: { in: input }, sinks: { out } },
  )
  await input.allSettled()
  return run
}

describe('the Prometheus exposition', () => {
  it('shows workflow and node counters with their labels, escaped', async () => {
    const run = await finishedRun()
    const metrics = run.metrics()
    const text = renderPrometheus([{ ...metrics, status: { ...metrics.status, deployment: 'a"b\\c' } }])
    expect(text).toContain('# TYPE sluice_workflow_in_total counter')
    expect(text).toContain('sluice_workflow_in_total{deployment="a\\"b\\\\c",workflow="fixture"} 4')
    expect(text).toContain('sluice_workflow_filtered_total{deployment="a\\"b\\\\c",workflow="fixture"} 1')
    expect(text).toMatch(/sluice_node_filtered_total\{[^}]*node="keep",type="filter"\} 1/)
    expect(text).toMatch(/sluice_workflow_state\{[^}]*state="running"\} 1/)
    expect(text).toMatch(/sluice_workflow_latency_seconds_count\{[^}]*\} 4/)
    for (const line of text.trim().split('\n'))
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? (-?[\d.e+-]+|NaN|[+-]Inf))$/)
    await run.stop(1_000)
  })
})

describe('the metrics server', () => {
  const closing: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const close of closing) await close()
  })

  it('serves /metrics and /healthz on a free port of 127.0.0.1', async () => {
    const run = await finishedRun()
    const server = await serveMetrics({ port: 0, collect: () => [run.metrics()] })
    closing.push(() => server.close())
    const metrics = await fetch(`http://127.0.0.1:${server.port}/metrics`)
    expect(metrics.status).toBe(200)
    expect(metrics.headers.get('content-type')).toContain('version=0.0.4')
    expect(await metrics.text()).toContain('sluice_workflow_out_total')
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200)
    expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404)
    await run.stop(1_000)
  })
})

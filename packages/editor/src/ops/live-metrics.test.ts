import type { WorkflowStatus } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { addSamples, currentRate, rateSeries, SERIES_LENGTH, seriesKey } from './live-metrics.ts'

const status = (out: number, errors = 0): WorkflowStatus => ({
  deployment: 'd',
  version: 1,
  workflow: 'w',
  state: 'running',
  since: '',
  metrics: {
    in: out,
    out,
    filtered: 0,
    errors,
    retries: 0,
    inFlight: 0,
    batchFill: 0,
    latencyMs: { p50: 1, p99: 2 },
  },
  objects: [],
  recentErrors: [],
})

describe('live metrics', () => {
  it('turns heartbeats into per-second rates', () => {
    let series = addSamples(new Map(), 'n1', [status(0)], 0)
    series = addSamples(series, 'n1', [status(100)], 1000)
    series = addSamples(series, 'n1', [status(300, 2)], 3000)
    const samples = series.get(seriesKey('n1', status(0))) ?? []
    expect(rateSeries(samples, 'out')).toEqual([100, 100])
    expect(currentRate(samples, 'errors')).toBe(0.5)
  })

  it('restarts from zero when a counter goes down', () => {
    const samples = [
      { at: 0, in: 0, out: 500, errors: 0 },
      { at: 1000, in: 0, out: 20, errors: 0 },
    ]
    expect(rateSeries(samples, 'out')).toEqual([20])
  })

  it('keeps a bounded window and ignores repeated timestamps', () => {
    let series = addSamples(new Map(), 'n1', [status(0)], 0)
    for (let i = 1; i <= SERIES_LENGTH + 10; i += 1) series = addSamples(series, 'n1', [status(i)], i * 1000)
    series = addSamples(series, 'n1', [status(999)], (SERIES_LENGTH + 10) * 1000)
    const samples = series.get('n1/d/w') ?? []
    expect(samples).toHaveLength(SERIES_LENGTH)
    expect(samples.at(-1)?.out).toBe(SERIES_LENGTH + 10)
  })
})

import { describe, expect, it } from 'vitest'
import { LatencyHistogram } from './histogram.ts'

describe('LatencyHistogram', () => {
  it('answers quantiles within a bucket (about 9%) of the true value', () => {
    let now = 0
    const histogram = new LatencyHistogram(60_000, () => now)
    for (let ms = 1; ms <= 1000; ms++) histogram.record(ms)
    expect(histogram.quantile(0.5)).toBeGreaterThanOrEqual(500)
    expect(histogram.quantile(0.5)).toBeLessThanOrEqual(550)
    expect(histogram.quantile(0.99)).toBeGreaterThanOrEqual(990)
    expect(histogram.quantile(0.99)).toBeLessThanOrEqual(1090)
    expect(histogram.count).toBe(1000)
    expect(histogram.sumMs).toBe(500_500)
    now = 1
    expect(new LatencyHistogram(60_000, () => now).quantile(0.99)).toBe(0)
  })

  it('forgets values older than two windows, keeping totals', () => {
    let now = 0
    const histogram = new LatencyHistogram(1_000, () => now)
    histogram.record(5_000)
    now = 1_500
    histogram.record(2)
    expect(histogram.quantile(0.99)).toBeGreaterThan(4_000)
    now = 2_600
    histogram.record(2)
    expect(histogram.quantile(0.99)).toBeLessThan(3)
    now = 10_000
    expect(histogram.quantile(0.5)).toBe(0)
    expect(histogram.count).toBe(3)
  })
})

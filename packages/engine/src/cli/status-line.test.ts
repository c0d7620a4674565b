import type { WorkflowStatus } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { formatCount, statusLine } from './status-line.ts'

const status = (
  over: Partial<WorkflowStatus['metrics']>,
  extra: Partial<WorkflowStatus> = {},
): WorkflowStatus => ({
  deployment: 'd',
  version: 1,
  workflow: 'orders',
  state: 'running',
  since: new Date(0).toISOString(),
  metrics: {
    in: 0,
    out: 0,
    filtered: 0,
    errors: 0,
    retries: 0,
    inFlight: 0,
    batchFill: 0,
    latencyMs: { p50: 0, p99: 0 },
    ...over,
  },
  objects: [],
  recentErrors: [],
  ...extra,
})

describe('the status line', () => {
  it('shows counts, then rates from the previous tick', () => {
    const first = statusLine(status({ in: 100, out: 90, errors: 1, inFlight: 9 }), undefined, 1_000)
    expect(first.line).toBe('orders running  in 100  out 90  filtered 0  errors 1  in-flight 9  p99 0 ms')
    const second = statusLine(
      status({ in: 1_300, out: 1_290, errors: 3, latencyMs: { p50: 2, p99: 12 } }),
      first.sample,
      3_000,
    )
    expect(second.line).toBe(
      'orders running  in 1,300 (600/s)  out 1,290 (600/s)  filtered 0  errors 3 (1/s)  in-flight 0  p99 12 ms',
    )
  })

  it('shows S3 object progress and why a dependency failed', () => {
    const { line } = statusLine(
      status(
        {},
        {
          state: 'failed-dependency',
          reason: 'in: queue missing',
          objects: [{ bucket: 'b', key: 'k', bytesRead: 25, totalBytes: 100, records: 3 }],
        },
      ),
      undefined,
      0,
    )
    expect(line).toContain('objects 1 (25%)')
    expect(line).toContain('— in: queue missing')
  })

  it('abbreviates large numbers', () => {
    expect(formatCount(999_999)).toBe('1.0M')
    expect(formatCount(123_456)).toBe('123k')
    expect(formatCount(12_345_678)).toBe('12.3M')
    expect(formatCount(2.25)).toBe('2.3')
  })
})

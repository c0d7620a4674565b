import type { WorkflowStatus } from '@sluice/assets'

/** The counters of one workflow on one node at one moment. */
export interface Sample {
  at: number
  in: number
  out: number
  errors: number
}

export type Series = ReadonlyMap<string, readonly Sample[]>

export const SERIES_LENGTH = 60

/** The key of one workflow's series on one node. */
export function seriesKey(nodeId: string, status: Pick<WorkflowStatus, 'deployment' | 'workflow'>): string {
  return `${nodeId}/${status.deployment}/${status.workflow}`
}

/** Adds a heartbeat's counters to the series, keeping the last {@link SERIES_LENGTH} of each. */
export function addSamples(
  series: Series,
  nodeId: string,
  workflows: readonly WorkflowStatus[],
  at: number,
): Series {
  const next = new Map(series)
  for (const w of workflows) {
    const key = seriesKey(nodeId, w)
    const sample = { at, in: w.metrics.in, out: w.metrics.out, errors: w.metrics.errors }
    const last = next.get(key)?.at(-1)
    if (last && last.at === at) continue
    next.set(key, [...(next.get(key) ?? []), sample].slice(-SERIES_LENGTH))
  }
  return next
}

type Counter = 'in' | 'out' | 'errors'

/**
 * Per-second rates between consecutive samples. A counter that went down (the workflow restarted)
 * counts from zero again rather than giving a negative rate.
 */
export function rateSeries(samples: readonly Sample[], counter: Counter): number[] {
  const rates: number[] = []
  for (let i = 1; i < samples.length; i += 1) {
    const a = samples[i - 1]
    const b = samples[i]
    if (!a || !b || b.at <= a.at) continue
    const delta = b[counter] >= a[counter] ? b[counter] - a[counter] : b[counter]
    rates.push(delta / ((b.at - a.at) / 1000))
  }
  return rates
}

/** The latest rate of a counter, averaged over the last few samples to smooth heartbeat jitter. */
export function currentRate(samples: readonly Sample[], counter: Counter, window = 3): number {
  const recent = rateSeries(samples.slice(-(window + 1)), counter)
  return recent.length === 0 ? 0 : recent.reduce((a, b) => a + b, 0) / recent.length
}

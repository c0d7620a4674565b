import type { WorkflowStatus } from '@sluice/assets'

/** Counts at one tick, for rates over the next. */
export interface StatusSample {
  at: number
  in: number
  out: number
  errors: number
}

/** The previous sample and the line to show now. */
export function statusLine(
  status: WorkflowStatus,
  previous: StatusSample | undefined,
  at: number,
): { line: string; sample: StatusSample } {
  const m = status.metrics
  const sample = { at, in: m.in, out: m.out, errors: m.errors }
  const seconds = previous ? (at - previous.at) / 1000 : 0
  const rate = (key: 'in' | 'out' | 'errors') =>
    previous && seconds > 0 ? ` (${formatCount((sample[key] - previous[key]) / seconds)}/s)` : ''
  const parts = [
    `${status.workflow} ${status.state}`,
    `in ${formatCount(m.in)}${rate('in')}`,
    `out ${formatCount(m.out)}${rate('out')}`,
    `filtered ${formatCount(m.filtered)}`,
    `errors ${formatCount(m.errors)}${rate('errors')}`,
    `in-flight ${formatCount(m.inFlight)}`,
    `p99 ${m.latencyMs.p99} ms`,
  ]
  if (status.objects.length > 0) {
    const read = status.objects.reduce((sum, o) => sum + o.bytesRead, 0)
    const total = status.objects.reduce((sum, o) => sum + o.totalBytes, 0)
    parts.push(`objects ${status.objects.length} (${total === 0 ? 0 : Math.floor((read / total) * 100)}%)`)
  }
  if (status.state === 'failed-dependency' && status.reason) parts.push(`— ${status.reason}`)
  return { line: parts.join('  '), sample }
}

/** 1234 → `1,234`, 123456 → `123k`, 12345678 → `12.3M`; fractions below 10 keep one decimal. */
export function formatCount(value: number): string {
  if (value >= 999_500) return `${(value / 1_000_000).toFixed(1)}M`
  if (value >= 100_000) return `${Math.round(value / 1000)}k`
  if (value < 10 && !Number.isInteger(value)) return value.toFixed(1)
  return Math.round(value).toLocaleString('en')
}

const BUCKETS_PER_DOUBLING = 8
const MAX_BUCKET = 30 * BUCKETS_PER_DOUBLING

/**
 * Latencies in logarithmic buckets (about 9% wide, from 1 ms to about 12 days), so memory is a fixed
 * array whatever the traffic. Quantiles cover the current and the previous window, so p99 follows
 * recent traffic instead of everything since start.
 */
export class LatencyHistogram {
  private current = new Float64Array(MAX_BUCKET + 1)
  private previous = new Float64Array(MAX_BUCKET + 1)
  private windowStart: number
  private readonly windowMs: number
  private readonly now: () => number
  /** Every recorded latency since start, for Prometheus `_sum` and `_count`. */
  sumMs = 0
  count = 0

  constructor(windowMs = 60_000, now: () => number = Date.now) {
    this.windowMs = windowMs
    this.now = now
    this.windowStart = now()
  }

  /** Records one latency; `at` is the current time when the caller already has it. */
  record(ms: number, at = this.now()): void {
    this.rotate(at)
    const index = ms <= 1 ? 0 : Math.min(MAX_BUCKET, Math.ceil(Math.log2(ms) * BUCKETS_PER_DOUBLING))
    this.current[index] = (this.current[index] ?? 0) + 1
    this.sumMs += ms
    this.count += 1
  }

  /** The latency below which a fraction `q` of recent values fall (the bucket's upper bound), or 0. */
  quantile(q: number): number {
    this.rotate(this.now())
    let total = 0
    for (let i = 0; i <= MAX_BUCKET; i++) total += (this.current[i] ?? 0) + (this.previous[i] ?? 0)
    if (total === 0) return 0
    const rank = q * total
    let seen = 0
    for (let i = 0; i <= MAX_BUCKET; i++) {
      seen += (this.current[i] ?? 0) + (this.previous[i] ?? 0)
      if (seen >= rank) return i === 0 ? 1 : Math.round(2 ** (i / BUCKETS_PER_DOUBLING) * 10) / 10
    }
    return Math.round(2 ** (MAX_BUCKET / BUCKETS_PER_DOUBLING))
  }

  private rotate(at: number): void {
    const elapsed = at - this.windowStart
    if (elapsed < this.windowMs) return
    if (elapsed < 2 * this.windowMs) {
      const recycled = this.previous
      this.previous = this.current
      this.current = recycled.fill(0)
    } else {
      this.previous.fill(0)
      this.current.fill(0)
    }
    this.windowStart = at
  }
}

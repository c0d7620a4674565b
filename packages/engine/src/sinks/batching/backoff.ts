/** The `retry` block of a sink spec. */
export interface RetryPolicy {
  readonly maxAttempts: number
  readonly initialBackoffMs: number
  readonly maxBackoffMs: number
}

/**
 * Capped exponential backoff with full jitter: a delay drawn uniformly from
 * `[0, min(maxBackoffMs, initialBackoffMs · 2^(failures-1)))`, so retries of many callers spread out.
 */
export function backoffDelay(policy: RetryPolicy, failures: number, random: () => number): number {
  const exponent = Math.max(0, failures - 1)
  const cap = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.min(exponent, 30))
  return Math.floor(random() * cap)
}

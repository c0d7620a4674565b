/**
 * The delay before retry number `attempt` (1 for the first retry): exponential from `initialMs`,
 * capped at `maxMs`, with jitter over the upper half so that competing retries spread out.
 */
export function backoffMs(attempt: number, initialMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** Waits `ms`, or less when `signal` aborts; resolves `false` when it was aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', aborted)
      resolve(true)
    }, ms)
    const aborted = () => {
      clearTimeout(timer)
      resolve(false)
    }
    signal?.addEventListener('abort', aborted, { once: true })
  })
}

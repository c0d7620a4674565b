import { classifyAwsError } from '@sluice/aws'
import { backoffDelay, type RetryPolicy } from '../batching/backoff.ts'
import type { Scheduler } from '../batching/scheduler.ts'

/**
 * Runs `attempt` until it succeeds, fails with an error `classifyAwsError` calls permanent, or
 * `policy.maxAttempts` are spent; waits a capped exponential backoff with full jitter in between
 * and calls `onRetry` before each new attempt. Gives up at once when `signal` aborts.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  scheduler: Scheduler,
  signal: AbortSignal,
  onRetry: () => void,
): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      return await attempt()
    } catch (error) {
      if (failures >= policy.maxAttempts || signal.aborted || classifyAwsError(error) === 'permanent')
        throw error
      await pause(
        backoffDelay(policy, failures, () => scheduler.random()),
        scheduler,
        signal,
      )
      onRetry()
    }
  }
}

function pause(ms: number, scheduler: Scheduler, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = scheduler.setTimer(ms, () => {
      signal.removeEventListener('abort', stop)
      resolve()
    })
    const stop = () => {
      timer.cancel()
      resolve()
    }
    signal.addEventListener('abort', stop, { once: true })
  })
}

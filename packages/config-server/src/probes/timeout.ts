/** Raised when work outlives its time limit. */
export class TimeoutError extends Error {
  readonly code = 'test.timeout'
}

/** Settles with `work`, or rejects with {@link TimeoutError} after `ms`; the timer never outlives it. */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${Math.round(ms / 1000)} s`)), ms)
  })
  return Promise.race([work, limit]).finally(() => clearTimeout(timer))
}

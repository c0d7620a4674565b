import { AwsCallError } from './errors.ts'

/** A time budget shared by the calls of one probe or listing. */
export interface Deadline {
  /** Aborted when the budget is spent or the caller's signal aborts. */
  readonly signal: AbortSignal
  /**
   * Runs one call within the budget: it gets the signal, and is abandoned with an
   * `aws.timeout` error when the budget runs out even if the call ignores the signal.
   */
  run<T>(what: string, call: (signal: AbortSignal) => Promise<T>): Promise<T>
  /** Stops the timer; call when the work is done. */
  dispose(): void
}

/** Starts a time budget of `timeoutMs`, also ended by `parent` aborting. */
export function startDeadline(timeoutMs: number, parent?: AbortSignal): Deadline {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error('deadline')), timeoutMs)
  const onParentAbort = () => controller.abort(new Error('cancelled'))
  if (parent?.aborted) controller.abort(new Error('cancelled'))
  else parent?.addEventListener('abort', onParentAbort, { once: true })
  const { signal } = controller
  const expired = (what: string) =>
    new AwsCallError(
      'aws.timeout',
      parent?.aborted
        ? `${what}: cancelled before it finished.`
        : `${what}: no answer within ${timeoutMs} ms. Check the endpoint, the network path from this node and any proxy.`,
    )
  return {
    signal,
    run<T>(what: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
      if (signal.aborted) return Promise.reject(expired(what))
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(expired(what))
        signal.addEventListener('abort', onAbort, { once: true })
        call(signal).then(
          (value) => {
            signal.removeEventListener('abort', onAbort)
            resolve(value)
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort)
            reject(signal.aborted ? expired(what) : error)
          },
        )
      })
    },
    dispose() {
      clearTimeout(timer)
      parent?.removeEventListener('abort', onParentAbort)
    },
  }
}

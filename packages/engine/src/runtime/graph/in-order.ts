import { Observable, type OperatorFunction, type Subscriber } from 'rxjs'
import type { Envelope } from '../envelope.ts'
import { Queue } from './queue.ts'

/**
 * Evaluates `evaluate` for each envelope and hands the result to `handle`, in arrival order.
 * Synchronous results are handled at once; while a promise is pending, later envelopes wait in a
 * queue (only unsettled envelopes, so the sources' in-flight bound caps it). A rejected promise is
 * handed to `handle` as the rejection reason wrapped by `failed`.
 */
export function inOrder<T>(
  evaluate: (envelope: Envelope) => unknown,
  handle: (envelope: Envelope, result: unknown, out: Subscriber<T>) => void,
  failed: (reason: unknown) => unknown,
): OperatorFunction<Envelope, T> {
  return (source) =>
    new Observable<T>((out) => {
      const waiting = new Queue<Envelope>()
      let pending = false
      let completed = false

      const run = (envelope: Envelope): void => {
        const result = evaluate(envelope)
        if (!(result instanceof Promise)) {
          handle(envelope, result, out)
          return
        }
        pending = true
        result.then(
          (value: unknown) => resume(envelope, value),
          (reason: unknown) => resume(envelope, failed(reason)),
        )
      }

      const resume = (envelope: Envelope, value: unknown): void => {
        pending = false
        handle(envelope, value, out)
        while (!pending) {
          const next = waiting.shift()
          if (next === undefined) break
          run(next)
        }
        if (completed && !pending && waiting.length === 0) out.complete()
      }

      const subscription = source.subscribe({
        next(envelope) {
          if (pending || waiting.length > 0) waiting.push(envelope)
          else run(envelope)
        },
        error(error: unknown) {
          out.error(error)
        },
        complete() {
          completed = true
          if (!pending && waiting.length === 0) out.complete()
        },
      })
      return subscription
    })
}

import { Observable, type Subscriber } from 'rxjs'
import type { Envelope } from '../../runtime/envelope.ts'

/** What a source does at each step of its life. */
export interface LifecycleSteps {
  /** On the one subscription: find the resource and start pulling. A rejection fails `messages`. */
  start(stopping: AbortSignal): Promise<void>
  /** On `stop()` (once `start` has settled) or a failure: stop pulling. May be called twice. */
  halt(): void
  /** When the workflow's signal aborts (it stops for good): cut off calls under way, stop timers. */
  abandon(): void
}

/**
 * The part of a source's life every source shares. `messages` may be subscribed once: the
 * subscription starts the source and unsubscribing stops it. `stop()` runs once: it aborts
 * `stopping`, lets the source halt, and completes `messages`. The workflow's abort signal stops
 * the source and cuts off the calls under way.
 */
export class SourceLifecycle {
  readonly messages: Observable<Envelope>
  private readonly steps: LifecycleSteps
  private readonly stopping = new AbortController()
  private subscriber: Subscriber<Envelope> | undefined
  private started: Promise<void> | undefined
  private stopped: Promise<void> | undefined

  constructor(workflowSignal: AbortSignal, steps: LifecycleSteps) {
    this.steps = steps
    this.messages = new Observable<Envelope>((subscriber) => {
      if (this.subscriber !== undefined) {
        subscriber.error(new Error('a source is subscribed once'))
        return
      }
      this.subscriber = subscriber
      this.started = steps.start(this.stopping.signal).catch((error: unknown) => this.fail(error))
      return () => void this.stop()
    })
    workflowSignal.addEventListener(
      'abort',
      () => {
        void this.stop()
        steps.abandon()
      },
      { once: true },
    )
  }

  /** Aborted once the source stops or fails: pulling must end. */
  get signal(): AbortSignal {
    return this.stopping.signal
  }

  /** False before the subscription and after `messages` has completed or failed. */
  get canEmit(): boolean {
    return this.subscriber !== undefined && !this.subscriber.closed
  }

  emit(envelope: Envelope): void {
    this.subscriber?.next(envelope)
  }

  /** Fails `messages` with `error` and stops pulling; envelopes already emitted still settle. */
  fail(error: unknown): void {
    this.stopping.abort()
    this.steps.halt()
    this.subscriber?.error(error)
  }

  stop(): Promise<void> {
    this.stopped ??= this.halt()
    return this.stopped
  }

  /** Resolves once `start` has settled. */
  async whenStarted(): Promise<void> {
    await this.started
  }

  private async halt(): Promise<void> {
    this.stopping.abort()
    await this.started
    this.steps.halt()
    this.subscriber?.complete()
  }
}

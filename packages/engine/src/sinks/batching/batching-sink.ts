import { setMaxListeners } from 'node:events'
import type { Logger, Sink, SinkMetrics } from '../../runtime/contracts.ts'
import type { Envelope } from '../../runtime/envelope.ts'
import type { DeliveryError } from '../../runtime/errors.ts'
import {
  type FailureOrigin,
  permanentFailure,
  prepareFailure,
  retryableFailure,
  tooLarge,
} from '../shared/failures.ts'
import { backoffDelay } from './backoff.ts'
import { type BatchItem, OrderLocks } from './batch-item.ts'
import { Alarm, type Scheduler, systemScheduler, type Timer } from './scheduler.ts'
import { SettleTracker } from './settle-tracker.ts'
import { TargetQueue } from './target-queue.ts'
import type { BatchEntry, BatchingSettings, BatchService, EntryOutcome } from './types.ts'
import { callVerdict, entryVerdict, exhaustedVerdict } from './verdicts.ts'

/** What the batching core needs from the component context. */
export interface BatchingContext {
  readonly node: string
  readonly metrics: SinkMetrics
  readonly signal: AbortSignal
  readonly log: Logger
}

/**
 * The batching core of the SNS, SQS, Kinesis and EventBridge sinks.
 *
 * - `write` prepares the envelope's entries at once (templates rendered, size computed) and nacks
 *   it permanently when it can never be sent: `sink.too-large` names the limit and the size.
 * - Entries of one target are sent together, up to `maxEntries` and `maxBytes` per call; a partial
 *   batch waits at most `lingerMs`, and not at all once the sources have caught up with their
 *   input (`sourcesCaughtUp`); at most `maxInFlight` calls run at once.
 * - Entries waiting for a call stay in memory. That buffer has no bound of its own: it is bounded by
 *   the sources, which stop pulling once their `maxInFlight` envelopes are unsettled.
 * - Each entry is settled from its own outcome: acked when accepted; when the failure is retryable,
 *   sent again alone (re-batched with others) after capped exponential backoff with full jitter,
 *   until `retry.maxAttempts` is spent, then nacked retryable; otherwise nacked permanently with
 *   the service's code and message. A whole-call failure is classified the same way.
 * - When the context's signal aborts, calls are aborted and every unsettled envelope is nacked
 *   retryable (`sink.stopped`).
 */
export class BatchingSink<P> implements Sink {
  private readonly service: BatchService<P>
  private readonly settings: BatchingSettings
  private readonly context: BatchingContext
  private readonly scheduler: Scheduler
  private readonly origin: FailureOrigin
  private readonly entryLimit: { readonly bytes: number; readonly which: string }
  private readonly queues = new Map<string, TargetQueue<BatchItem<P>>>()
  private readonly unsettled = new SettleTracker<BatchItem<P>>()
  private readonly locks = new OrderLocks()
  private readonly backoffTimers = new Set<Timer>()
  private readonly calls = new AbortController()
  private readonly linger: Alarm
  private state: 'open' | 'closing' | 'stopped' = 'open'
  private closed: Promise<void> | undefined
  private inFlight = 0
  private seq = 0
  /** Entries written up to this one go out without linger: the sources caught up after them. */
  private caughtUpThrough = 0
  private cursor = 0
  private date = new Date(0)

  constructor(
    service: BatchService<P>,
    settings: BatchingSettings,
    context: BatchingContext,
    scheduler: Scheduler = systemScheduler,
  ) {
    this.service = service
    this.settings = settings
    this.context = context
    this.scheduler = scheduler
    this.origin = { service: service.name, node: context.node }
    this.linger = new Alarm(scheduler, () => this.pump())
    setMaxListeners(settings.maxInFlight + 10, this.calls.signal)
    this.entryLimit =
      settings.batching.maxBytes < service.maxEntryBytes
        ? { bytes: settings.batching.maxBytes, which: 'batching.maxBytes of this sink' }
        : { bytes: service.maxEntryBytes, which: `the most ${service.name} takes in one message` }
    if (context.signal.aborted) this.stop()
    else context.signal.addEventListener('abort', () => this.stop(), { once: true })
  }

  write(envelope: Envelope): void {
    if (this.state !== 'open') {
      envelope.nack(
        retryableFailure(this.origin, 'sink.closed', `the ${this.service.name} sink is no longer running`),
      )
      return
    }
    const now = this.scheduler.now()
    let entries: readonly BatchEntry<P>[]
    try {
      entries = this.service.prepare(envelope, this.dateAt(now))
    } catch (error) {
      envelope.nack(prepareFailure(this.origin, error))
      return
    }
    for (const entry of entries)
      if (entry.bytes > this.entryLimit.bytes) {
        envelope.nack(tooLarge(this.origin, entry.bytes, this.entryLimit.bytes, this.entryLimit.which))
        return
      }
    if (entries.length === 0) {
      envelope.nack(permanentFailure(this.origin, 'sink.prepare-failed', 'the message produced no entry'))
      return
    }
    const branches = envelope.fork(entries.length)
    for (let i = 0; i < entries.length; i++) {
      const branch = branches[i]
      const entry = entries[i]
      if (branch !== undefined && entry !== undefined) this.enqueue(branch, entry, now)
    }
    this.pump()
  }

  /** One `Date` per millisecond, shared by the messages written within it. */
  private dateAt(ms: number): Date {
    if (this.date.getTime() !== ms) this.date = new Date(ms)
    return this.date
  }

  sourcesCaughtUp(): void {
    this.caughtUpThrough = this.seq
    this.pump()
  }

  flush(): Promise<void> {
    const done = this.unsettled.waitFor(this.seq)
    this.pump()
    return done
  }

  close(): Promise<void> {
    this.closed ??= this.closeOnce()
    return this.closed
  }

  private async closeOnce(): Promise<void> {
    if (this.state === 'open') this.state = 'closing'
    await this.flush()
    this.linger.cancel()
  }

  private stop(): void {
    if (this.state === 'stopped') return
    this.state = 'stopped'
    this.linger.cancel()
    for (const timer of this.backoffTimers) timer.cancel()
    this.backoffTimers.clear()
    this.queues.clear()
    this.calls.abort()
    for (const item of this.unsettled.items()) if (!item.inCall) this.settle(item, this.stoppedFailure())
  }

  private stoppedFailure(): DeliveryError {
    return retryableFailure(
      this.origin,
      'sink.stopped',
      `the workflow stopped before ${this.service.name} took the message`,
    )
  }

  private enqueue(envelope: Envelope, entry: BatchEntry<P>, now: number): void {
    this.seq += 1
    const item: BatchItem<P> = {
      seq: this.seq,
      envelope,
      entry,
      since: now,
      failures: 0,
      alone: false,
      lastFailure: undefined,
      holdsOrderLock: false,
      inCall: false,
    }
    this.unsettled.add(item)
    this.requeue(item)
  }

  private requeue(item: BatchItem<P>): void {
    this.locks.release(item)
    let queue = this.queues.get(item.entry.target)
    if (queue === undefined) {
      queue = new TargetQueue<BatchItem<P>>()
      this.queues.set(item.entry.target, queue)
    }
    queue.add(item)
  }

  /** Starts every call that is due and allowed, then arms the linger timer for the next one. */
  private pump(): void {
    if (this.state === 'stopped') return
    const now = this.scheduler.now()
    while (this.inFlight < this.settings.maxInFlight) {
      const next = this.nextBatch(now)
      if (next === undefined) break
      this.dispatch(next.target, next.items).catch((error: unknown) =>
        this.context.log.error({ error: String(error) }, `${this.service.name} sink failed to settle a call`),
      )
    }
    this.armLinger(now)
  }

  private deadline(queue: TargetQueue<BatchItem<P>>): number {
    const { maxEntries, maxBytes, lingerMs } = this.settings.batching
    if (this.state !== 'open' || this.unsettled.flushing) return Number.NEGATIVE_INFINITY
    if (queue.size >= maxEntries || queue.bytes >= maxBytes) return Number.NEGATIVE_INFINITY
    if ((queue.oldestSeq ?? Number.POSITIVE_INFINITY) <= this.caughtUpThrough) return Number.NEGATIVE_INFINITY
    return (queue.oldestSince ?? 0) + lingerMs
  }

  private nextBatch(now: number): { target: string; items: BatchItem<P>[] } | undefined {
    const targets = [...this.queues.keys()]
    for (let k = 0; k < targets.length; k++) {
      const index = (this.cursor + k) % targets.length
      const target = targets[index] ?? ''
      const queue = this.queues.get(target)
      if (queue === undefined || this.deadline(queue) > now) continue
      const items = queue.take(this.settings.batching, (key) => this.locks.isLocked(target, key))
      if (queue.size === 0) this.queues.delete(target)
      if (items.length === 0) continue
      this.cursor = index + 1
      return { target, items }
    }
    return undefined
  }

  private armLinger(now: number): void {
    if (this.inFlight >= this.settings.maxInFlight) return
    let earliest = Number.POSITIVE_INFINITY
    for (const queue of this.queues.values()) {
      const at = this.deadline(queue)
      if (at > now && at < earliest) earliest = at
    }
    if (earliest !== Number.POSITIVE_INFINITY) this.linger.ringAt(earliest)
  }

  private async dispatch(target: string, items: BatchItem<P>[]): Promise<void> {
    this.inFlight += 1
    for (const item of items) {
      item.inCall = true
      this.locks.acquire(item)
    }
    this.context.metrics.batchSent(items.length, this.settings.batching.maxEntries)
    let outcomes: readonly EntryOutcome[] | undefined
    let callError: unknown
    try {
      outcomes = await this.service.send(
        target,
        items.map((item) => item.entry.payload),
        this.calls.signal,
      )
    } catch (error) {
      callError = error
    }
    this.inFlight -= 1
    for (const item of items) item.inCall = false
    if (this.state === 'stopped') for (const item of items) this.settle(item, this.stoppedFailure())
    else if (outcomes === undefined) this.callFailed(items, callError)
    else this.answered(items, outcomes)
    this.pump()
  }

  private answered(items: readonly BatchItem<P>[], outcomes: readonly EntryOutcome[]): void {
    const retry: BatchItem<P>[] = []
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      const outcome = outcomes[i]
      if (item === undefined) continue
      if (outcome?.ok) {
        this.settle(item, undefined)
        continue
      }
      const verdict = entryVerdict(outcome, this.origin, this.service.describeCall(item.entry.target))
      if (verdict.kind === 'retry') {
        item.lastFailure = verdict.failure
        retry.push(item)
      } else this.settle(item, verdict.kind === 'nack' ? verdict.error : undefined)
    }
    this.retryLater(retry)
  }

  private callFailed(items: readonly BatchItem<P>[], error: unknown): void {
    const target = items[0]?.entry.target ?? ''
    const verdict = callVerdict(error, items.length, this.origin, this.service.describeCall(target))
    const { code, message } = verdict.failure
    switch (verdict.kind) {
      case 'retry':
        for (const item of items) item.lastFailure = verdict.failure
        this.retryLater(items)
        return
      case 'isolate':
        this.context.log.debug(
          { code, entries: items.length },
          `${this.service.name} refused a whole call; sending its entries one by one`,
        )
        for (const item of items) {
          item.alone = true
          this.requeue(item)
        }
        return
      case 'nack':
        this.context.log.warn(
          { code, entries: items.length },
          `${this.service.name} refused a call: ${message}`,
        )
        for (const item of items) this.settle(item, verdict.error)
    }
  }

  private retryLater(items: readonly BatchItem<P>[]): void {
    const again: BatchItem<P>[] = []
    for (const item of items) {
      item.failures += 1
      const last = item.lastFailure ?? { code: 'Unknown', message: 'no detail' }
      if (item.failures >= this.settings.retry.maxAttempts)
        this.settle(
          item,
          exhaustedVerdict(last, item.failures, this.origin, this.service.describeCall(item.entry.target)),
        )
      else again.push(item)
    }
    if (again.length === 0) return
    const failures = Math.max(...again.map((item) => item.failures))
    const delay = backoffDelay(this.settings.retry, failures, () => this.scheduler.random())
    this.context.metrics.retried(again.length)
    const timer = this.scheduler.setTimer(delay, () => {
      this.backoffTimers.delete(timer)
      for (const item of again) this.requeue(item)
      this.pump()
    })
    this.backoffTimers.add(timer)
  }

  private settle(item: BatchItem<P>, error: DeliveryError | undefined): void {
    this.locks.release(item)
    if (error === undefined) item.envelope.ack()
    else item.envelope.nack(error)
    this.unsettled.settled(item)
  }
}

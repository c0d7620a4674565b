import type { Envelope, Outcome, SettleHandler } from '../envelope.ts'
import type { NodeCounters } from '../metrics/counters.ts'
import type { WorkflowMeter } from '../metrics/meter.ts'
import { LinkedEnvelope, settleLike } from './linked.ts'

/** A message as the workflow sees it, linked into the list of unsettled messages. */
class Tracked extends LinkedEnvelope {
  readonly counters: NodeCounters
  previous: Tracked | undefined = undefined
  next: Tracked | undefined = undefined
  constructor(parent: Envelope, tracker: Tracker, counters: NodeCounters) {
    super(parent, tracker)
    this.counters = counters
  }
}

/**
 * Wraps each envelope a source emits so the workflow knows every unsettled message (an intrusive
 * list: O(1) per message, no table), counts outcomes and latency, and can nack what is left at a
 * drain deadline. The source's own envelope is settled exactly when the wrapper is.
 */
export class Tracker implements SettleHandler {
  private head: Tracked | undefined = undefined
  private count = 0
  private idleWaiters: (() => void)[] = []
  private readonly meter: WorkflowMeter
  private readonly now: () => number

  constructor(meter: WorkflowMeter, now: () => number = Date.now) {
    this.meter = meter
    this.now = now
  }

  /** Messages emitted by the sources and not yet settled. */
  get inFlight(): number {
    return this.count
  }

  track(envelope: Envelope, counters: NodeCounters): Envelope {
    const tracked = new Tracked(envelope, this, counters)
    tracked.next = this.head
    if (this.head) this.head.previous = tracked
    this.head = tracked
    this.count += 1
    this.meter.in += 1
    counters.in += 1
    return tracked
  }

  settled(envelope: Envelope, outcome: Outcome): void {
    if (!(envelope instanceof Tracked)) return
    this.unlink(envelope)
    const { meter } = this
    const counters = envelope.counters
    if (outcome.type === 'acked') {
      counters.out += 1
      if (outcome.errorRouted) meter.errors += 1
      else meter.out += 1
    } else if (outcome.type === 'filtered') {
      counters.filtered += 1
      meter.filtered += 1
    } else {
      counters.errors += 1
      meter.errors += 1
    }
    const at = this.now()
    meter.latency.record(at - envelope.receivedAt, at)
    settleLike(envelope.parent, outcome)
    if (this.count === 0 && this.idleWaiters.length > 0) for (const wake of this.idleWaiters.splice(0)) wake()
  }

  /** Resolves once no message is unsettled (at once if none is). */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Nacks every unsettled message with `error` (at a drain deadline); returns how many. */
  nackAll(error: Error): number {
    let nacked = 0
    for (let tracked = this.head; tracked !== undefined; ) {
      const next = tracked.next
      if (tracked.nack(error)) nacked += 1
      tracked = next
    }
    return nacked
  }

  private unlink(tracked: Tracked): void {
    if (tracked.previous) tracked.previous.next = tracked.next
    else this.head = tracked.next
    if (tracked.next) tracked.next.previous = tracked.previous
    tracked.previous = undefined
    tracked.next = undefined
    this.count -= 1
  }
}

import { Observable, type Subscriber } from 'rxjs'
import type { Source } from '../runtime/contracts.ts'
import { Envelope, type Outcome, type SettleHandler } from '../runtime/envelope.ts'

/** Options of {@link syntheticSource}. */
export interface SyntheticSourceOptions {
  /** How many messages to emit; `body(i)` makes each one. */
  count: number
  body?: (index: number) => unknown
  attributes?: (index: number) => Record<string, string>
  /** At most this many emitted and unsettled (default 100). */
  maxInFlight?: number
  /** Keep each message's outcome for assertions (default true; benchmarks turn it off). */
  record?: boolean
  /** Messages emitted before yielding to the event loop (default 1000). */
  yieldEvery?: number
}

/** Outcome totals of a synthetic source. */
export interface SettlementCounts {
  acked: number
  errorRouted: number
  filtered: number
  nacked: number
}

/** A test source with the contract's demand-driven behaviour, and what happened to its messages. */
export interface SyntheticSource extends Source {
  readonly emitted: number
  readonly unsettled: number
  /** The most messages that were ever unsettled at once. */
  readonly peakUnsettled: number
  readonly counts: SettlementCounts
  /** Each message's outcome by index, when recording; `undefined` while unsettled. */
  readonly outcomes: readonly (Outcome | undefined)[]
  /** Settlements of a message that was already settled: must stay 0. */
  readonly repeatedSettlements: number
  /** Resolves once every message has been emitted and settled. */
  allSettled(): Promise<void>
}

/**
 * A source that emits `count` messages, never more than `maxInFlight` unsettled, pulling again as
 * messages settle, like the SQS and S3 sources do. Synchronous and allocation-light, so it also
 * drives the benchmark.
 */
export function syntheticSource(options: SyntheticSourceOptions): SyntheticSource {
  const maxInFlight = options.maxInFlight ?? 100
  const yieldEvery = options.yieldEvery ?? 1000
  const record = options.record ?? true
  const body = options.body ?? ((index: number) => ({ index }))
  const outcomes: (Outcome | undefined)[] = []
  const counts: SettlementCounts = { acked: 0, errorRouted: 0, filtered: 0, nacked: 0 }
  let emitted = 0
  let unsettled = 0
  let peak = 0
  let repeated = 0
  let stopped = false
  let pumping = false
  let scheduled = false
  let subscriber: Subscriber<Envelope> | undefined
  const waiters: (() => void)[] = []
  const wake = () => {
    if (unsettled === 0 && (stopped || emitted === options.count)) for (const w of waiters.splice(0)) w()
  }

  const owner: SettleHandler = {
    settled(envelope, outcome) {
      unsettled -= 1
      if (outcome.type === 'acked') counts[outcome.errorRouted ? 'errorRouted' : 'acked'] += 1
      else counts[outcome.type] += 1
      if (record) {
        const index = envelope.meta.index
        if (typeof index === 'number') {
          if (outcomes[index] !== undefined) repeated += 1
          outcomes[index] = outcome
        }
      }
      if (!pumping) pump()
      wake()
    },
  }

  const pump = () => {
    if (pumping || !subscriber) return
    pumping = true
    let sinceYield = 0
    while (!stopped && unsettled < maxInFlight && emitted < options.count) {
      if (sinceYield >= yieldEvery) {
        if (!scheduled) {
          scheduled = true
          setImmediate(() => {
            scheduled = false
            pump()
          })
        }
        break
      }
      const index = emitted
      emitted += 1
      unsettled += 1
      if (unsettled > peak) peak = unsettled
      sinceYield += 1
      const attributes = options.attributes ? options.attributes(index) : {}
      subscriber.next(new Envelope(body(index), owner, attributes, { index }))
    }
    pumping = false
    if ((stopped || emitted === options.count) && subscriber) subscriber.complete()
  }

  return {
    messages: new Observable<Envelope>((s) => {
      subscriber = s
      pump()
      return () => {
        subscriber = undefined
      }
    }),
    async stop() {
      stopped = true
      subscriber?.complete()
      wake()
    },
    drained: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve)
        wake()
      }),
    allSettled: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve)
        wake()
      }),
    get emitted() {
      return emitted
    },
    get unsettled() {
      return unsettled
    },
    get peakUnsettled() {
      return peak
    },
    counts,
    outcomes,
    get repeatedSettlements() {
      return repeated
    },
  }
}

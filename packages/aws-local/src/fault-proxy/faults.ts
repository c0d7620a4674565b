/** What the proxy may do to one call instead of passing it through untouched. */
export type FaultKind = 'throttle' | 'server-error' | 'drop-before' | 'drop-after' | 'partial'

/** Every fault kind, in the order a draw walks them. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'server-error',
  'drop-before',
  'drop-after',
  'partial',
]

/**
 * The share of calls, from 0 to 1, that get each fault; they add up to at most 1.
 *
 * - `throttle`: the service's own throttling answer (SQS `RequestThrottled`, SNS `Throttled`,
 *   Kinesis `ProvisionedThroughputExceededException`, EventBridge `ThrottlingException`, S3
 *   `SlowDown`), without forwarding.
 * - `server-error`: HTTP 500 in the service's error shape, without forwarding.
 * - `drop-before`: the connection is destroyed before anything is forwarded.
 * - `drop-after`: forwarded, the answer read, then the connection destroyed: the service did the
 *   work but the client never hears of it, so its retry makes duplicates.
 * - `partial`: batch calls only (SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch,
 *   PublishBatch, PutRecords, PutEvents): some entries are taken out of the request before it is
 *   forwarded and reported failed (retryable) in the answer, so they are really not stored.
 */
export type FaultRates = Readonly<Partial<Record<FaultKind, number>>>

/** A small seeded generator (mulberry32): the same seed gives the same draws. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Draws the fault of one call: each kind with its rate, `partial` only when the call is a batch
 * the proxy can split (otherwise its share passes through). `undefined` passes the call through.
 */
export function drawFault(rates: FaultRates, random: () => number, batch: boolean): FaultKind | undefined {
  const draw = random()
  let upTo = 0
  for (const kind of FAULT_KINDS) {
    upTo += rates[kind] ?? 0
    if (draw < upTo) return kind === 'partial' && !batch ? undefined : kind
  }
  return undefined
}

/** Throws when a rate is outside [0, 1] or the rates add up to more than 1. */
export function checkRates(rates: FaultRates): void {
  let sum = 0
  for (const kind of FAULT_KINDS) {
    const rate = rates[kind] ?? 0
    if (!(rate >= 0 && rate <= 1))
      throw new RangeError(`fault rate ${kind} must be within [0, 1], got ${rate}`)
    sum += rate
  }
  if (sum > 1) throw new RangeError(`fault rates add up to ${sum}, more than 1`)
}

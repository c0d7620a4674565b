import type { DeliveryError } from './errors.ts'

/**
 * How an envelope ended: delivered, deliberately dropped by a filter, or failed. An `acked` outcome
 * with `errorRouted` means a branch failed permanently and the workflow's error sink took it: the
 * source commits it as for any ack; metrics count it as an error.
 */
export type Outcome =
  | { readonly type: 'acked'; readonly errorRouted?: boolean }
  | { readonly type: 'filtered' }
  | { readonly type: 'nacked'; readonly error: Error }

const ACKED: Outcome = { type: 'acked' }
const ACKED_ERROR_ROUTED: Outcome = { type: 'acked', errorRouted: true }
const FILTERED: Outcome = { type: 'filtered' }

/**
 * Receives the one settlement of each envelope it owns. A source implements it to delete or
 * release the message; a fork group implements it to settle the parent once every branch has.
 */
export interface SettleHandler {
  settled(envelope: Envelope, outcome: Outcome): void
}

/**
 * One message moving through a workflow. It is settled exactly once: the first `ack`, `ackFiltered`
 * or `nack` wins and reaches its owner; later calls return `false` and change nothing.
 *
 * - `ack()`: a sink delivered it; the source may delete or commit it.
 * - `ackFiltered()`: a filter or route dropped it on purpose; the source treats it as done.
 * - `nack(error)`: it could not be delivered; the source makes it available again (or, for a
 *   permanent error, the workflow routes it to its error sink first).
 */
export class Envelope<B = unknown> {
  body: B
  attributes: Record<string, string>
  readonly meta: Record<string, unknown>
  readonly receivedAt: number
  /**
   * Set by a source on a message it received but cannot decode (invalid JSON, say), before
   * emitting it with the raw text as its body. The runtime sends such an envelope straight to the
   * workflow's error sink, or nacks it with this error when there is none.
   */
  decodeError: DeliveryError | undefined = undefined
  private owner: SettleHandler | undefined

  constructor(
    body: B,
    owner: SettleHandler,
    attributes: Record<string, string> = {},
    meta: Record<string, unknown> = {},
    receivedAt = Date.now(),
  ) {
    this.body = body
    this.owner = owner
    this.attributes = attributes
    this.meta = meta
    this.receivedAt = receivedAt
  }

  get isSettled(): boolean {
    return this.owner === undefined
  }

  ack(): boolean {
    return this.settle(ACKED)
  }

  ackFiltered(): boolean {
    return this.settle(FILTERED)
  }

  /** It failed permanently and the workflow's error sink accepted it; the source commits it as for `ack`. */
  ackErrorRouted(): boolean {
    return this.settle(ACKED_ERROR_ROUTED)
  }

  nack(error: Error): boolean {
    return this.settle({ type: 'nacked', error })
  }

  /**
   * Splits the envelope into `count` branches that share its body (processors must replace a
   * body, never mutate it). This envelope is settled once every branch is: nacked if any branch
   * was nacked, acked if any was delivered (marked `errorRouted` if any branch went to the error
   * sink), filtered if all were filtered.
   */
  fork(count: number): Envelope<B>[] {
    if (count === 1) return [this]
    const group = new ForkGroup(this, count)
    const branches: Envelope<B>[] = []
    for (let i = 0; i < count; i++)
      branches.push(new Envelope(this.body, group, { ...this.attributes }, this.meta, this.receivedAt))
    return branches
  }

  private settle(outcome: Outcome): boolean {
    const owner = this.owner
    if (owner === undefined) return false
    this.owner = undefined
    owner.settled(this, outcome)
    return true
  }
}

class ForkGroup implements SettleHandler {
  private readonly parent: Envelope
  private pending: number
  private delivered = false
  private errorRouted = false
  private error: Error | undefined

  constructor(parent: Envelope, count: number) {
    this.parent = parent
    this.pending = count
  }

  settled(_branch: Envelope, outcome: Outcome): void {
    if (outcome.type === 'nacked') this.error ??= outcome.error
    else if (outcome.type === 'acked') {
      this.delivered = true
      if (outcome.errorRouted) this.errorRouted = true
    }
    this.pending -= 1
    if (this.pending > 0) return
    if (this.error) this.parent.nack(this.error)
    else if (this.errorRouted) this.parent.ackErrorRouted()
    else if (this.delivered) this.parent.ack()
    else this.parent.ackFiltered()
  }
}

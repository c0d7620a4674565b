import type { Sink } from '../contracts.ts'
import type { Envelope, Outcome, SettleHandler } from '../envelope.ts'
import { type DeliveryError, retryableError } from '../errors.ts'
import type { NodeCounters } from '../metrics/counters.ts'
import { LinkedEnvelope, settleLike } from './linked.ts'

/** Where a sink node reports a failed delivery: the workflow decides between error sink and nack. */
export type FailureHandler = (envelope: Envelope, error: Error, node: string) => void

/**
 * A sink node: hands each envelope to its sink wrapped, so the node sees its settlement (counts,
 * failures) before the message it came from is settled.
 */
export class SinkNode implements SettleHandler {
  readonly id: string
  private readonly sink: Sink
  private readonly counters: NodeCounters
  private readonly failed: FailureHandler

  constructor(id: string, sink: Sink, counters: NodeCounters, failed: FailureHandler) {
    this.id = id
    this.sink = sink
    this.counters = counters
    this.failed = failed
  }

  write(envelope: Envelope): void {
    this.counters.in += 1
    const delivery = new LinkedEnvelope(envelope, this)
    try {
      this.sink.write(delivery)
    } catch (error) {
      delivery.nack(
        retryableError('sink.write-failed', `sink "${this.id}" threw on write: ${String(error)}`, error),
      )
    }
  }

  settled(envelope: Envelope, outcome: Outcome): void {
    if (!(envelope instanceof LinkedEnvelope)) return
    if (outcome.type === 'nacked') {
      this.counters.errors += 1
      this.failed(envelope.parent, outcome.error, this.id)
      return
    }
    if (outcome.type === 'filtered') this.counters.filtered += 1
    else this.counters.out += 1
    settleLike(envelope.parent, outcome)
  }
}

/** A failed message on its way to the error sink; it remembers why it failed. */
class ErrorRouted extends LinkedEnvelope {
  readonly error: DeliveryError
  constructor(
    parent: Envelope,
    handler: SettleHandler,
    error: DeliveryError,
    attributes: Record<string, string>,
  ) {
    super(parent, handler, attributes)
    this.error = error
  }
}

/**
 * Sends permanently failed messages to the workflow's error sink, with the error in attributes.
 * The failed message is settled when the error sink settles the copy: `ackErrorRouted` if it took
 * it, else nacked with the original error.
 */
export class ErrorRoute implements SettleHandler {
  private readonly workflow: string
  private readonly sink: SinkNode

  constructor(workflow: string, sink: SinkNode) {
    this.workflow = workflow
    this.sink = sink
  }

  get node(): string {
    return this.sink.id
  }

  send(envelope: Envelope, error: DeliveryError, node: string): void {
    const attributes = {
      ...envelope.attributes,
      'sluice.error.code': error.code,
      'sluice.error.message': error.message,
      'sluice.error.node': error.node ?? node,
      'sluice.workflow': this.workflow,
    }
    this.sink.write(new ErrorRouted(envelope, this, error, attributes))
  }

  settled(envelope: Envelope, outcome: Outcome): void {
    if (!(envelope instanceof ErrorRouted)) return
    if (outcome.type === 'nacked') envelope.parent.nack(envelope.error)
    else envelope.parent.ackErrorRouted()
  }
}

import { Envelope, type Outcome, type SettleHandler } from '../envelope.ts'

/**
 * An envelope the runtime derives from another (its `parent`) to see its settlement: the handler
 * records it, then settles the parent. One allocation per message per stage, no lookup tables.
 */
export class LinkedEnvelope extends Envelope {
  readonly parent: Envelope
  constructor(
    parent: Envelope,
    handler: SettleHandler,
    attributes: Record<string, string> = parent.attributes,
  ) {
    super(parent.body, handler, attributes, parent.meta, parent.receivedAt)
    this.parent = parent
  }
}

/** Settles `envelope` the way another one was settled. */
export function settleLike(envelope: Envelope, outcome: Outcome): void {
  switch (outcome.type) {
    case 'acked':
      if (outcome.errorRouted) envelope.ackErrorRouted()
      else envelope.ack()
      return
    case 'filtered':
      envelope.ackFiltered()
      return
    case 'nacked':
      envelope.nack(outcome.error)
      return
  }
}

import type { MessageContext } from '@sluice/assets'
import { bodyText, utf8Length } from './body.ts'
import { InvalidMessageError } from './failures.ts'
import { FifoIdMaker, type FifoIds, type FifoSpec } from './fifo.ts'
import { type AttributeValue, type MessageAttributeSpec, MessageAttributes } from './message-attributes.ts'

/** An SNS or SQS message made from an envelope: its text, attributes and FIFO ids. */
export interface TextMessage {
  readonly body: string
  readonly attributes: Record<string, AttributeValue> | undefined
  readonly ids: FifoIds
  /** What the message counts against the size limits: the body and the attributes. */
  readonly bytes: number
  /** The FIFO message group, which must keep its order. */
  readonly orderKey?: string
}

/**
 * What the SNS and SQS sinks share: the body as text (never empty: both services refuse that),
 * the message attributes and the FIFO ids, each compiled once from the spec.
 */
export class TextMessageMaker {
  private readonly service: string
  private readonly attributes: MessageAttributes
  private readonly fifo: FifoIdMaker

  constructor(
    service: string,
    spec: FifoSpec & { readonly messageAttributes: readonly MessageAttributeSpec[] },
  ) {
    this.service = service
    this.attributes = new MessageAttributes(spec.messageAttributes)
    this.fifo = new FifoIdMaker(spec)
  }

  make(body: unknown, message: MessageContext): TextMessage {
    const text = bodyText(body)
    if (text === '')
      throw new InvalidMessageError('sink.empty-message', `${this.service} refuses an empty message`)
    const rendered = this.attributes.render(message)
    const ids = this.fifo.make(message, text)
    const orderKey = ids.MessageGroupId
    return {
      body: text,
      attributes: rendered.values,
      ids,
      bytes: utf8Length(text) + rendered.bytes,
      ...(orderKey === undefined ? {} : { orderKey }),
    }
  }
}

/** The `orderKey` of a batch entry for a message: its FIFO group, if it has one. */
export function orderKeyOf(message: TextMessage): { orderKey?: string } {
  return message.orderKey === undefined ? {} : { orderKey: message.orderKey }
}

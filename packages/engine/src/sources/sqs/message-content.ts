import type { MessageSystemAttributeName } from '@aws-sdk/client-sqs'
import { SQS_SYSTEM_ATTRIBUTES } from '@sluice/assets'
import { type DeliveryError, permanentError } from '../../runtime/errors.ts'
import type { ReceivedMessage } from './held-message.ts'
import type { QueueInfo } from './queue-info.ts'
import type { Message } from './sqs-api.ts'

/** How message content becomes envelope content. */
export interface ContentSettings {
  readonly bodyFormat: 'raw' | 'json'
  /** Message attribute names, `All`, `.*`, or prefixes such as `trace.*`. */
  readonly attributeNames: readonly string[]
  /** System attributes copied into `meta` under their own names, or `All`. */
  readonly systemAttributes: readonly string[]
}

/** What an envelope is made of. */
export interface EnvelopeContent {
  readonly body: unknown
  readonly attributes: Record<string, string>
  readonly meta: Record<string, unknown>
  /** Set when the body could not be decoded; the envelope carries it as `decodeError`. */
  readonly decodeError?: DeliveryError
}

/** True for the attribute names a list of names and `prefix.*` patterns selects. */
export function attributeSelector(names: readonly string[]): (name: string) => boolean {
  if (names.includes('All') || names.includes('.*')) return () => true
  const exact = new Set(names.filter((n) => !n.endsWith('.*')))
  const prefixes = names.filter((n) => n.endsWith('.*')).map((n) => n.slice(0, -1))
  return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p))
}

/**
 * The system attributes to ask SQS for: the configured ones, plus the receive count (for backoff
 * and dead-letter warnings) and, on FIFO queues, the group id (for ordering).
 */
export function systemAttributesToRequest(
  configured: readonly string[],
  fifo: boolean,
): MessageSystemAttributeName[] {
  if (configured.includes('All')) return ['All']
  const wanted = new Set<MessageSystemAttributeName>(['ApproximateReceiveCount'])
  if (fifo) wanted.add('MessageGroupId')
  for (const name of configured) if (isSystemAttribute(name)) wanted.add(name)
  return [...wanted]
}

const SYSTEM_ATTRIBUTES: readonly string[] = SQS_SYSTEM_ATTRIBUTES

function isSystemAttribute(name: string): name is MessageSystemAttributeName {
  return SYSTEM_ATTRIBUTES.includes(name)
}

/**
 * Makes the reader of one source's messages, with its attribute selections worked out once: it
 * gives the body, attributes and meta of the envelope for a received message. `meta` carries
 * `queue`, `messageId`, `receiveCount`, `maxReceiveCount` (when the redrive policy is readable),
 * `groupId` on FIFO queues, and the selected system attributes under their SQS names. With
 * `bodyFormat: json`, a body that is not JSON stays raw text and comes with a permanent
 * `source.invalid-json` decode error, which the runtime sends to the error sink.
 */
export function contentReader(
  settings: ContentSettings,
): (received: ReceivedMessage, queue: QueueInfo) => EnvelopeContent {
  const selectAttribute = attributeSelector(settings.attributeNames)
  const selectSystem = attributeSelector(settings.systemAttributes)
  const copySystem = settings.systemAttributes.length > 0
  return ({ message, held }, queue) => {
    const attributes = messageAttributes(message, selectAttribute)
    const system = message.Attributes ?? {}
    const meta: Record<string, unknown> = {
      queue: queue.name,
      messageId: message.MessageId,
      receiveCount: held.receiveCount,
    }
    if (queue.maxReceiveCount !== undefined) meta.maxReceiveCount = queue.maxReceiveCount
    if (system.MessageGroupId !== undefined) meta.groupId = system.MessageGroupId
    if (copySystem)
      for (const [name, value] of Object.entries(system)) if (selectSystem(name)) meta[name] = value
    const raw = message.Body ?? ''
    if (settings.bodyFormat === 'raw') return { body: raw, attributes, meta }
    try {
      return { body: JSON.parse(raw), attributes, meta }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      const invalid = permanentError(
        'source.invalid-json',
        `the body of message ${message.MessageId ?? '?'} from queue "${queue.name}" is not JSON (${reason}); fix the sender or read the queue with bodyFormat: raw`,
      )
      return { body: raw, attributes, meta, decodeError: invalid }
    }
  }
}

function messageAttributes(message: Message, select: (name: string) => boolean): Record<string, string> {
  const attributes: Record<string, string> = {}
  if (message.MessageAttributes === undefined) return attributes
  for (const [name, value] of Object.entries(message.MessageAttributes)) {
    if (!select(name)) continue
    if (value.StringValue !== undefined) attributes[name] = value.StringValue
    else if (value.BinaryValue !== undefined)
      attributes[name] = Buffer.from(value.BinaryValue).toString('base64')
  }
  return attributes
}

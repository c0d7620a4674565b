import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs'
import { type SpecOf, sinkSqs } from '@sluice/assets'
import { defineSink } from '../../runtime/contracts.ts'
import { batchingSinkFactory } from '../batching/factory.ts'
import type { BatchService } from '../batching/types.ts'
import { entryId, outcomesById } from '../shared/batch-results.ts'
import { InvalidMessageError } from '../shared/failures.ts'
import { messageContext } from '../shared/templates.ts'
import { orderKeyOf, TextMessageMaker } from '../shared/text-message.ts'
import { QueueUrlResolver, queueName } from './queue-url.ts'
import { type SqsSender, sqsSender } from './sqs-client.ts'

export type SqsSinkSpec = SpecOf<typeof sinkSqs>
type SqsEntry = Omit<SendMessageBatchRequestEntry, 'Id'>

/**
 * The most SQS takes in one message, body and attributes together, and in one `SendMessageBatch`
 * (1 MiB since August 2025; a queue's `MaximumMessageSize` may be lower). The sink's
 * `batching.maxBytes` caps both further.
 */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576

/** Characters SQS accepts in a message body (the XML character set). */
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

/**
 * SQS `SendMessageBatch` to one queue, given by URL or by name (resolved with `GetQueueUrl` once).
 * Each entry carries the body, the rendered message attributes, the delay, and for FIFO queues
 * the group and deduplication ids. Its size is the body plus the attributes, as SQS counts it.
 */
export function sqsService(spec: SqsSinkSpec, sender: SqsSender): BatchService<SqsEntry> {
  const queue = new QueueUrlResolver(spec.queue, sender)
  const messages = new TextMessageMaker('SQS', spec)
  return {
    name: 'SQS',
    maxEntryBytes: SQS_MAX_MESSAGE_BYTES,
    describeCall: () => ({
      what: `SendMessageBatch to queue "${queueName(spec.queue)}"`,
      action: 'sqs:SendMessage',
    }),
    prepare(envelope, now) {
      const message = messageContext(envelope, now)
      const text = messages.make(envelope.body, message)
      const invalid = INVALID_CHARACTER.exec(text.body)
      if (invalid)
        throw new InvalidMessageError(
          'sink.invalid-characters',
          `SQS accepts only XML characters; the body holds U+${(invalid[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} at offset ${invalid.index}`,
        )
      const payload: SqsEntry = { MessageBody: text.body, ...text.ids }
      if (spec.delaySeconds > 0) payload.DelaySeconds = spec.delaySeconds
      if (text.attributes) payload.MessageAttributes = text.attributes
      return [{ target: spec.queue, payload, bytes: text.bytes, ...orderKeyOf(text) }]
    },
    async send(_target, payloads, signal) {
      const QueueUrl = await queue.url(signal)
      const Entries = payloads.map((payload, i) => ({ Id: entryId(i), ...payload }))
      const answer = await sender.sendMessageBatch({ QueueUrl, Entries }, signal)
      return outcomesById(payloads.length, answer.Successful, answer.Failed)
    },
  }
}

/** Creates the SQS sink on the batching core; unit tests give it a fake client. */
export const createSqsSink = batchingSinkFactory(sqsService)

/** The engine implementation of `sink.sqs`. */
export const sqsSink = defineSink(sinkSqs, (spec, context) =>
  createSqsSink(spec, context, { client: sqsSender(context.clients.sqs()) }),
)

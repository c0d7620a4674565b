import type { PublishBatchRequestEntry } from '@aws-sdk/client-sns'
import { type SpecOf, sinkSns } from '@sluice/assets'
import { defineSink } from '../../runtime/contracts.ts'
import { batchingSinkFactory } from '../batching/factory.ts'
import type { BatchService } from '../batching/types.ts'
import { entryId, outcomesById } from '../shared/batch-results.ts'
import { InvalidMessageError } from '../shared/failures.ts'
import { compileField, compileOptionalField, messageContext } from '../shared/templates.ts'
import { orderKeyOf, TextMessageMaker } from '../shared/text-message.ts'
import { type SnsPublisher, snsPublisher } from './sns-client.ts'

export type SnsSinkSpec = SpecOf<typeof sinkSns>
type SnsEntry = Omit<PublishBatchRequestEntry, 'Id'>

/** The default size limit of an SNS message, body and attributes together (a topic may allow more). */
export const SNS_MAX_MESSAGE_BYTES = 262_144

const MAX_SUBJECT_LENGTH = 100

/**
 * SNS `PublishBatch`: the topic ARN is a template, so messages may go to different topics and
 * calls are made per topic. Each entry carries the body, the rendered subject and message
 * attributes, and for FIFO topics the group and deduplication ids. Its size is the body plus the
 * attributes, as SNS counts it.
 */
export function snsService(spec: SnsSinkSpec, publisher: SnsPublisher): BatchService<SnsEntry> {
  const topic = compileField(spec.topicArn, '/topicArn')
  const subject = compileOptionalField(spec.subject, '/subject')
  const messages = new TextMessageMaker('SNS', spec)
  return {
    name: 'SNS',
    maxEntryBytes: SNS_MAX_MESSAGE_BYTES,
    describeCall: (topicArn) => ({ what: `PublishBatch to topic ${topicArn}`, action: 'sns:Publish' }),
    prepare(envelope, now) {
      const message = messageContext(envelope, now)
      const text = messages.make(envelope.body, message)
      const payload: SnsEntry = { Message: text.body, ...text.ids }
      const subjectText = subject?.(message)
      if (subjectText) payload.Subject = checkedSubject(subjectText)
      if (text.attributes) payload.MessageAttributes = text.attributes
      return [{ target: topic(message), payload, bytes: text.bytes, ...orderKeyOf(text) }]
    },
    async send(topicArn, payloads, signal) {
      const entries = payloads.map((payload, i) => ({ Id: entryId(i), ...payload }))
      const answer = await publisher.publishBatch(
        { TopicArn: topicArn, PublishBatchRequestEntries: entries },
        signal,
      )
      return outcomesById(payloads.length, answer.Successful, answer.Failed)
    },
  }
}

function checkedSubject(subject: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: SNS refuses control characters in subjects
  if (subject.length <= MAX_SUBJECT_LENGTH && !/[\u0000-\u001f\u007f]/.test(subject)) return subject
  throw new InvalidMessageError(
    'sink.subject-invalid',
    `the subject must be at most ${MAX_SUBJECT_LENGTH} characters without line breaks; it rendered as ${subject.length} characters`,
  )
}

/** Creates the SNS sink on the batching core; unit tests give it a fake client. */
export const createSnsSink = batchingSinkFactory(snsService)

/** The engine implementation of `sink.sns`. */
export const snsSink = defineSink(sinkSns, (spec, context) =>
  createSnsSink(spec, context, { client: snsPublisher(context.clients.sns()) }),
)

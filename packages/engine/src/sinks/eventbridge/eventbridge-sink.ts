import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge'
import { type MessageContext, type SpecOf, sinkEventbridge } from '@sluice/assets'
import { defineSink } from '../../runtime/contracts.ts'
import { batchingSinkFactory } from '../batching/factory.ts'
import type { BatchService } from '../batching/types.ts'
import { outcomesByPosition } from '../shared/batch-results.ts'
import { utf8Length } from '../shared/body.ts'
import { InvalidMessageError } from '../shared/failures.ts'
import { compileField, compileOptionalField, messageContext } from '../shared/templates.ts'
import { eventDetail } from './event-detail.ts'
import { type EventPutter, eventPutter } from './eventbridge-client.ts'

export type EventBridgeSinkSpec = SpecOf<typeof sinkEventbridge>

/** The most one `PutEvents` entry, and one call, may count (EventBridge's 256 KB). */
export const EVENTBRIDGE_MAX_ENTRY_BYTES = 262_144

/** What `Time` counts in EventBridge's size formula, whatever its value. */
const TIME_BYTES = 14

/**
 * The size of a `PutEvents` entry as EventBridge counts it: 14 bytes for `Time` when set, plus the
 * UTF-8 bytes of `Source`, `DetailType`, `Detail` and each of `Resources`. The bus is not counted.
 */
export function eventEntrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : TIME_BYTES
  size += utf8Length(entry.Source ?? '') + utf8Length(entry.DetailType ?? '') + utf8Length(entry.Detail ?? '')
  for (const resource of entry.Resources ?? []) size += utf8Length(resource)
  return size
}

/**
 * EventBridge `PutEvents`: each message becomes one entry per configured bus (a call may mix
 * buses), and its envelope is acked only once every bus has accepted its entry. Source,
 * detail-type, resources and time are rendered per message; the detail is the body or one of its
 * fields, and must be a JSON object.
 */
export function eventBridgeService(
  spec: EventBridgeSinkSpec,
  putter: EventPutter,
): BatchService<PutEventsRequestEntry> {
  const source = compileField(spec.source, '/source')
  const detailType = compileField(spec.detailType, '/detailType')
  const resources = spec.resources.map((resource, i) => compileField(resource, `/resources/${i}`))
  const time = compileOptionalField(spec.time, '/time')
  return {
    name: 'EventBridge',
    maxEntryBytes: EVENTBRIDGE_MAX_ENTRY_BYTES,
    describeCall: () => ({
      what: `PutEvents to event bus ${spec.eventBuses.map((bus) => `"${bus}"`).join(', ')}`,
      action: 'events:PutEvents',
    }),
    prepare(envelope, now) {
      const message = messageContext(envelope, now)
      const event: PutEventsRequestEntry = {
        Source: checkedSource(source(message)),
        DetailType: checkedDetailType(detailType(message)),
        Detail: eventDetail(envelope.body, spec.detail),
      }
      const resourceList = resources.map((resource) => resource(message)).filter((arn) => arn !== '')
      if (resourceList.length > 0) event.Resources = resourceList
      if (time) event.Time = eventTime(time, message)
      const bytes = eventEntrySize(event)
      return spec.eventBuses.map((bus) => ({ target: '', payload: { EventBusName: bus, ...event }, bytes }))
    },
    async send(_target, payloads, signal) {
      const answer = await putter.putEvents({ Entries: [...payloads] }, signal)
      return outcomesByPosition(payloads.length, answer.Entries)
    },
  }
}

function checkedSource(source: string): string {
  if (source.length >= 1 && source.length <= 256 && !source.startsWith('aws.')) return source
  throw new InvalidMessageError(
    'sink.event-invalid',
    `the event source must be 1 to 256 characters and not start with "aws."; it rendered ${source.length} characters${source.startsWith('aws.') ? ' starting with "aws."' : ''}`,
  )
}

function checkedDetailType(detailType: string): string {
  if (detailType.length >= 1 && detailType.length <= 128) return detailType
  throw new InvalidMessageError(
    'sink.event-invalid',
    `the event detail-type must be 1 to 128 characters; it rendered as ${detailType.length}`,
  )
}

function eventTime(time: (message: MessageContext) => string, message: MessageContext): Date {
  const text = time(message)
  const date = new Date(text)
  if (!Number.isNaN(date.getTime())) return date
  throw new InvalidMessageError(
    'sink.event-invalid',
    `the event time must be an RFC 3339 timestamp such as 2024-05-01T10:00:00Z, and the rendered value (${text.length} characters, not shown) is not`,
  )
}

/** Creates the EventBridge sink on the batching core; unit tests give it a fake client. */
export const createEventBridgeSink = batchingSinkFactory(eventBridgeService)

/** The engine implementation of `sink.eventbridge`. */
export const eventBridgeSink = defineSink(sinkEventbridge, (spec, context) =>
  createEventBridgeSink(spec, context, { client: eventPutter(context.clients.eventBridge()) }),
)

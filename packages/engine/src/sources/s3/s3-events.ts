import { bareEtag, type ObjectRef } from './s3-api.ts'

/** How notifications arrive, per the spec's `eventFormat`. */
export type EventFormat = 'auto' | 's3' | 'sns' | 'eventbridge'

/** What a notification message says. */
export type Notification =
  | { readonly type: 'objects'; readonly objects: readonly ObjectRef[]; readonly ignored: number }
  | { readonly type: 'test' }
  | { readonly type: 'invalid'; readonly reason: string }

type Json = Record<string, unknown>

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function at(value: unknown, ...path: string[]): unknown {
  let current = value
  for (const name of path) current = isJson(current) ? current[name] : undefined
  return current
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** A key as S3 event notifications carry it: URL-encoded, with `+` for spaces. */
export function decodeEventKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '))
  } catch {
    return key
  }
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

function objectRef(bucket: unknown, key: unknown, size: unknown, etag: unknown): ObjectRef | undefined {
  if (typeof bucket !== 'string' || typeof key !== 'string') return undefined
  const tag = bareEtag(text(etag))
  return {
    bucket,
    key: decodeEventKey(key),
    ...(typeof size === 'number' ? { size } : {}),
    ...(tag === undefined ? {} : { etag: tag }),
  }
}

function s3Records(event: Json): Notification {
  const records = event.Records
  if (!Array.isArray(records)) return { type: 'invalid', reason: 'no Records array' }
  const objects: ObjectRef[] = []
  let ignored = 0
  for (const record of records) {
    const name = text(at(record, 'eventName')) ?? ''
    const ref = objectRef(
      at(record, 's3', 'bucket', 'name'),
      at(record, 's3', 'object', 'key'),
      at(record, 's3', 'object', 'size'),
      at(record, 's3', 'object', 'eTag'),
    )
    if (/^(s3:)?ObjectCreated:/.test(name) && ref !== undefined) objects.push(ref)
    else ignored += 1
  }
  return { type: 'objects', objects, ignored }
}

function eventBridgeEvent(event: Json): Notification {
  if (event['detail-type'] !== 'Object Created') return { type: 'objects', objects: [], ignored: 1 }
  const ref = objectRef(
    at(event, 'detail', 'bucket', 'name'),
    at(event, 'detail', 'object', 'key'),
    at(event, 'detail', 'object', 'size'),
    at(event, 'detail', 'object', 'etag'),
  )
  return ref === undefined
    ? { type: 'invalid', reason: 'no bucket or key in detail' }
    : { type: 'objects', objects: [ref], ignored: 0 }
}

/**
 * Reads an S3 event notification from an SQS message body: as S3 sends it (`Records`), wrapped
 * by SNS (`Type: Notification` with the event in `Message`), or as an EventBridge event (`source:
 * aws.s3`). Only `ObjectCreated` events name objects to read; other events are counted as
 * ignored, and `s3:TestEvent` (sent when notifications are configured) is recognised. Keys are
 * URL-decoded.
 */
export function parseNotification(body: string, format: EventFormat): Notification {
  let event = parse(body)
  if (!isJson(event)) return { type: 'invalid', reason: 'the message body is not a JSON object' }
  const wrapped = event.Type === 'Notification' && typeof event.Message === 'string'
  if (wrapped) {
    if (format !== 'auto' && format !== 'sns')
      return { type: 'invalid', reason: `an SNS notification, not ${format}` }
    event = parse(String(event.Message))
    if (!isJson(event)) return { type: 'invalid', reason: 'the SNS Message is not a JSON object' }
  } else if (format === 'sns') return { type: 'invalid', reason: 'not wrapped in an SNS notification' }
  if (event.Event === 's3:TestEvent') return { type: 'test' }
  if (event.source === 'aws.s3' && 'detail' in event) {
    if (format !== 'auto' && format !== 'eventbridge')
      return { type: 'invalid', reason: `an EventBridge event, not ${format}` }
    return eventBridgeEvent(event)
  }
  if (format === 'eventbridge') return { type: 'invalid', reason: 'not an EventBridge event from aws.s3' }
  return s3Records(event)
}

import { randomUUID } from 'node:crypto'
import type { Principal } from './credentials.ts'
import { StandInError } from './errors.ts'
import type { Deliverer } from './eventbridge-delivery.ts'
import {
  busNameOf,
  type DeliveryRecord,
  type EventBridgeState,
  type RecordedEvent,
} from './eventbridge-state.ts'
import { isJsonObject, type JsonObject, optArray, validationError } from './json-input.ts'

/** The AWS limit on the summed size of the entries of one PutEvents call. */
export const MAX_PUT_EVENTS_BYTES = 256 * 1024

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string }

function entryError(code: string, message: string): EntryResult {
  return { ErrorCode: code, ErrorMessage: message }
}

function entrySize(entry: JsonObject): number {
  let size = entry.Time === undefined ? 0 : 14
  for (const key of ['Source', 'DetailType', 'Detail']) {
    const value = entry[key]
    if (typeof value === 'string') size += Buffer.byteLength(value)
  }
  const resources = entry.Resources
  if (Array.isArray(resources)) {
    for (const r of resources) if (typeof r === 'string') size += Buffer.byteLength(r)
  }
  return size
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function required(entry: JsonObject, key: string): EntryResult | undefined {
  const value = entry[key]
  if (typeof value === 'string' && value !== '') return undefined
  return entryError(
    'InvalidArgument',
    `Parameter ${key} is not valid. Reason: ${key} is a required argument.`,
  )
}

type Built = { envelope: JsonObject } | { error: EntryResult }

function buildEnvelope(state: EventBridgeState, entry: JsonObject, id: string): Built {
  const missing = required(entry, 'Source') ?? required(entry, 'DetailType') ?? required(entry, 'Detail')
  if (missing !== undefined) return { error: missing }
  let detail: unknown
  try {
    detail = JSON.parse(String(entry.Detail))
  } catch {
    detail = undefined
  }
  if (!isJsonObject(detail)) return { error: entryError('MalformedDetail', 'Detail is malformed.') }
  const time = typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : new Date()
  const resources = Array.isArray(entry.Resources) ? entry.Resources.filter((r) => typeof r === 'string') : []
  const envelope: JsonObject = {
    version: '0',
    id,
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: state.account,
    time: isoSeconds(time),
    region: state.region,
    resources,
    detail,
  }
  return { envelope }
}

/**
 * PutEvents: 1 to 10 entries whose summed size is at most 256 KiB, else `ValidationException`.
 * Each entry gets its own EventId or error (`InvalidArgument`, `MalformedDetail`, and
 * `ResourceNotFoundException` for an unknown bus, which real AWS has at times accepted
 * silently). Accepted events are recorded, matched against the bus's enabled rules, and sent to
 * their targets in the background.
 */
export function putEvents(
  state: EventBridgeState,
  deliverer: Deliverer,
  input: JsonObject,
  principal: Principal,
): JsonObject {
  const entries = optArray(input, 'Entries')
  if (entries === undefined) throw validationError('Entries', undefined, 'Member must not be null')
  if (entries.length < 1)
    throw validationError('Entries', entries, 'Member must have length greater than or equal to 1')
  if (entries.length > 10)
    throw validationError('Entries', entries, 'Member must have length less than or equal to 10')
  const objects = entries.map((entry) => (isJsonObject(entry) ? entry : {}))
  if (objects.reduce((sum, entry) => sum + entrySize(entry), 0) > MAX_PUT_EVENTS_BYTES) {
    throw new StandInError(
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    )
  }
  const results = objects.map((entry) => acceptEntry(state, deliverer, entry, principal))
  return {
    FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length,
    Entries: results,
  }
}

function acceptEntry(
  state: EventBridgeState,
  deliverer: Deliverer,
  entry: JsonObject,
  principal: Principal,
): EntryResult {
  const busName = busNameOf(typeof entry.EventBusName === 'string' ? entry.EventBusName : undefined)
  const bus = state.buses.get(busName)
  if (bus === undefined)
    return entryError('ResourceNotFoundException', `Event bus ${busName} does not exist.`)
  const id = randomUUID()
  const built = buildEnvelope(state, entry, id)
  if ('error' in built) return built.error
  const { envelope } = built
  const recorded: RecordedEvent = {
    eventId: id,
    busName,
    receivedAt: new Date().toISOString(),
    signedBy: principal.arn,
    accessKeyId: principal.accessKeyId,
    envelope,
    matchedRules: [],
    deliveries: [],
  }
  state.events.push(recorded)
  for (const rule of bus.rules.values()) {
    if (rule.state === 'DISABLED' || rule.matches === undefined || !rule.matches(envelope)) continue
    recorded.matchedRules.push(rule.arn)
    for (const target of rule.targets.values()) {
      const record: DeliveryRecord = {
        ruleArn: rule.arn,
        targetId: target.id,
        targetArn: target.arn,
        status: 'pending',
      }
      recorded.deliveries.push(record)
      deliverer.deliver(target, envelope, record)
    }
  }
  return { EventId: id }
}

import { StandInError } from './errors.ts'
import type { CompiledPattern } from './event-pattern.ts'
import type { JsonObject } from './json-input.ts'

/** A rule target as PutTargets stored it. */
export interface Target {
  readonly id: string
  readonly arn: string
  readonly input?: string
  readonly inputPath?: string
  readonly messageGroupId?: string
  /** The target exactly as the caller sent it, for ListTargetsByRule. */
  readonly raw: JsonObject
}

/** An EventBridge rule on one bus. */
export interface Rule {
  readonly name: string
  readonly arn: string
  readonly busName: string
  eventPattern?: string
  matches?: CompiledPattern
  scheduleExpression?: string
  state: string
  description?: string
  roleArn?: string
  readonly targets: Map<string, Target>
}

/** An event bus and its rules. */
export interface Bus {
  readonly name: string
  readonly arn: string
  description?: string
  readonly creationTime: Date
  lastModifiedTime: Date
  readonly rules: Map<string, Rule>
}

/** What happened to one event sent to one target. */
export interface DeliveryRecord {
  readonly ruleArn: string
  readonly targetId: string
  readonly targetArn: string
  status: 'pending' | 'delivered' | 'failed' | 'unsupported'
  messageId?: string
  error?: string
}

/** An event accepted by PutEvents, kept for `GET /_standin/events`. */
export interface RecordedEvent {
  readonly eventId: string
  readonly busName: string
  readonly receivedAt: string
  /** ARN of the principal whose verified SigV4 signature carried the event. */
  readonly signedBy: string
  readonly accessKeyId: string
  readonly envelope: JsonObject
  readonly matchedRules: string[]
  readonly deliveries: DeliveryRecord[]
}

/** All EventBridge state of one stand-in. */
export interface EventBridgeState {
  readonly region: string
  readonly account: string
  readonly buses: Map<string, Bus>
  readonly events: RecordedEvent[]
}

/** The ARN of an event bus. */
export function busArn(state: EventBridgeState, name: string): string {
  return `arn:aws:events:${state.region}:${state.account}:event-bus/${name}`
}

/** The ARN of a rule; rules on custom buses carry the bus name. */
export function ruleArn(state: EventBridgeState, busName: string, name: string): string {
  const path = busName === 'default' ? name : `${busName}/${name}`
  return `arn:aws:events:${state.region}:${state.account}:rule/${path}`
}

/** Adds a bus to the state and returns it. */
export function addBus(state: EventBridgeState, name: string, description?: string): Bus {
  const now = new Date()
  const bus: Bus = {
    name,
    arn: busArn(state, name),
    creationTime: now,
    lastModifiedTime: now,
    rules: new Map(),
  }
  if (description !== undefined) bus.description = description
  state.buses.set(name, bus)
  return bus
}

/** Creates empty state holding only the `default` bus. */
export function createEventBridgeState(region: string, account: string): EventBridgeState {
  const state: EventBridgeState = { region, account, buses: new Map(), events: [] }
  addBus(state, 'default')
  return state
}

/** A bus name from a name or an event-bus ARN; absent means `default`. */
export function busNameOf(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined || nameOrArn === '') return 'default'
  const marker = ':event-bus/'
  const at = nameOrArn.startsWith('arn:') ? nameOrArn.indexOf(marker) : -1
  return at < 0 ? nameOrArn : nameOrArn.slice(at + marker.length)
}

/** Looks a bus up by name or ARN, throwing `ResourceNotFoundException`. */
export function getBus(state: EventBridgeState, nameOrArn: string | undefined): Bus {
  const name = busNameOf(nameOrArn)
  const bus = state.buses.get(name)
  if (bus === undefined) {
    throw new StandInError('ResourceNotFoundException', `Event bus ${name} does not exist.`)
  }
  return bus
}

/** Looks a rule up on a bus, throwing `ResourceNotFoundException`. */
export function getRule(state: EventBridgeState, name: string, busNameOrArn: string | undefined): Rule {
  const bus = getBus(state, busNameOrArn)
  const rule = bus.rules.get(name)
  if (rule === undefined) {
    throw new StandInError(
      'ResourceNotFoundException',
      `Rule ${name} does not exist on EventBus ${bus.name}.`,
    )
  }
  return rule
}

/** Pages a sorted list by name with an opaque `NextToken`. */
export function page<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  limit: number | undefined,
  nextToken: string | undefined,
): { items: T[]; nextToken?: string } {
  const sorted = [...items].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0))
  const after = nextToken === undefined ? undefined : Buffer.from(nextToken, 'base64url').toString('utf8')
  const start = after === undefined ? 0 : sorted.findIndex((item) => nameOf(item) > after)
  const from = start < 0 ? sorted.length : start
  const size = limit === undefined || limit <= 0 ? 100 : Math.min(limit, 100)
  const slice = sorted.slice(from, from + size)
  const last = slice.at(-1)
  if (from + size < sorted.length && last !== undefined) {
    return { items: slice, nextToken: Buffer.from(nameOf(last), 'utf8').toString('base64url') }
  }
  return { items: slice }
}

import { StandInError } from './errors.ts'
import { addBus, type Bus, busNameOf, type EventBridgeState, getBus, page } from './eventbridge-state.ts'
import { checkName, type JsonObject, optNumber, optString, reqString } from './json-input.ts'

const BUS_NAME = /^[/.\-_A-Za-z0-9]+$/

function epochSeconds(date: Date): number {
  return date.getTime() / 1000
}

function describe(bus: Bus): JsonObject {
  return {
    Name: bus.name,
    Arn: bus.arn,
    Description: bus.description,
    CreationTime: epochSeconds(bus.creationTime),
    LastModifiedTime: epochSeconds(bus.lastModifiedTime),
  }
}

/** CreateEventBus: a new custom bus; an existing name is `ResourceAlreadyExistsException`. */
export function createEventBus(state: EventBridgeState, input: JsonObject): JsonObject {
  const name = reqString(input, 'Name')
  checkName('Name', name, BUS_NAME, 256)
  if (state.buses.has(name)) {
    throw new StandInError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`)
  }
  const bus = addBus(state, name, optString(input, 'Description'))
  return { EventBusArn: bus.arn, Description: bus.description }
}

/**
 * DeleteEventBus: removes a custom bus together with its rules and targets. Deleting a bus
 * that does not exist succeeds; deleting `default` is a `ValidationException`.
 */
export function deleteEventBus(state: EventBridgeState, input: JsonObject): JsonObject {
  const name = busNameOf(reqString(input, 'Name'))
  if (name === 'default') {
    throw new StandInError('ValidationException', 'Cannot delete event bus default.')
  }
  state.buses.delete(name)
  return {}
}

/** DescribeEventBus by name or ARN (absent means `default`). */
export function describeEventBus(state: EventBridgeState, input: JsonObject): JsonObject {
  return describe(getBus(state, optString(input, 'Name')))
}

/** ListEventBuses with `NamePrefix`, `Limit` and `NextToken`. */
export function listEventBuses(state: EventBridgeState, input: JsonObject): JsonObject {
  const prefix = optString(input, 'NamePrefix') ?? ''
  const buses = [...state.buses.values()].filter((bus) => bus.name.startsWith(prefix))
  const result = page(buses, (bus) => bus.name, optNumber(input, 'Limit'), optString(input, 'NextToken'))
  return { EventBuses: result.items.map(describe), NextToken: result.nextToken }
}

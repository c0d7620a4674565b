import type { Principal } from './credentials.ts'
import { StandInError } from './errors.ts'
import { createEventBus, deleteEventBus, describeEventBus, listEventBuses } from './eventbridge-buses.ts'
import type { Deliverer } from './eventbridge-delivery.ts'
import { putEvents } from './eventbridge-put-events.ts'
import { deleteRule, describeRule, listRules, putRule, setRuleState } from './eventbridge-rules.ts'
import type { EventBridgeState } from './eventbridge-state.ts'
import { listTargetsByRule, putTargets, removeTargets } from './eventbridge-targets.ts'
import { type JsonObject, parseJsonBody } from './json-input.ts'

type Operation = (state: EventBridgeState, input: JsonObject, principal: Principal) => JsonObject

/** The `X-Amz-Target` prefix of EventBridge (AWS JSON 1.1). */
export const EVENTBRIDGE_TARGET_PREFIX = 'AWSEvents.'

/** The content type of AWS JSON 1.1 requests and responses. */
export const AMZ_JSON_11 = 'application/x-amz-json-1.1'

function operations(deliverer: Deliverer): Record<string, Operation> {
  return {
    CreateEventBus: createEventBus,
    DeleteEventBus: deleteEventBus,
    DescribeEventBus: describeEventBus,
    ListEventBuses: listEventBuses,
    PutEvents: (state, input, principal) => putEvents(state, deliverer, input, principal),
    PutRule: putRule,
    DescribeRule: describeRule,
    ListRules: listRules,
    DeleteRule: deleteRule,
    EnableRule: setRuleState('ENABLED'),
    DisableRule: setRuleState('DISABLED'),
    PutTargets: putTargets,
    ListTargetsByRule: listTargetsByRule,
    RemoveTargets: removeTargets,
  }
}

/** Handles one EventBridge call: returns the JSON response body, or throws a {@link StandInError}. */
export type EventBridgeHandler = (operation: string, body: Buffer, principal: Principal) => string

/** Builds the EventBridge request handler over the given state and deliverer. */
export function createEventBridgeHandler(state: EventBridgeState, deliverer: Deliverer): EventBridgeHandler {
  const table = operations(deliverer)
  return (operation, body, principal) => {
    const handler = Object.hasOwn(table, operation) ? table[operation] : undefined
    if (handler === undefined) {
      throw new StandInError(
        'UnknownOperationException',
        `Operation ${operation} is not supported by the stand-in.`,
      )
    }
    return JSON.stringify(handler(state, parseJsonBody(body), principal))
  }
}

/** An error body in the AWS JSON 1.1 shape (`__type` and `message`). */
export function jsonErrorBody(error: StandInError): string {
  return JSON.stringify({ __type: error.code, message: error.message })
}

import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequest,
  type PutEventsResponse,
} from '@aws-sdk/client-eventbridge'

/** The one EventBridge call the EventBridge sink makes. */
export interface EventPutter {
  putEvents(input: PutEventsRequest, signal: AbortSignal): Promise<PutEventsResponse>
}

/** The EventBridge sink's calls on a real SDK client. */
export function eventPutter(client: EventBridgeClient): EventPutter {
  return {
    putEvents: (input, signal) => client.send(new PutEventsCommand(input), { abortSignal: signal }),
  }
}

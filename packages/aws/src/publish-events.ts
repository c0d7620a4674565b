import { PutEventsCommand, type PutEventsCommandOutput } from '@aws-sdk/client-eventbridge'
import { toAwsCallError } from './aws-failure.ts'
import type { AwsClients } from './clients.ts'
import { AwsCallError } from './errors.ts'

/** One event for an EventBridge bus. */
export interface BusEvent {
  source: string
  detailType: string
  /** JSON text of the event's detail. */
  detail: string
  time: Date
}

/**
 * Puts up to 10 events on a bus in one call (the config server's audit trail in `eventbridge`
 * mode). Throws an {@link AwsCallError}: the mapped failure of the call, or `aws.entry-failed`
 * naming the first refused entry's code when EventBridge refuses any of them.
 */
export async function publishEvents(
  clients: AwsClients,
  bus: string,
  events: readonly BusEvent[],
): Promise<void> {
  if (events.length === 0) return
  let answer: PutEventsCommandOutput
  try {
    answer = await clients.eventBridge().send(
      new PutEventsCommand({
        Entries: events.map((e) => ({
          EventBusName: bus,
          Source: e.source,
          DetailType: e.detailType,
          Detail: e.detail,
          Time: e.time,
        })),
      }),
    )
  } catch (error) {
    throw toAwsCallError(error, { what: `PutEvents on bus "${bus}"`, action: 'events:PutEvents' })
  }
  if ((answer.FailedEntryCount ?? 0) === 0) return
  const failed = (answer.Entries ?? []).find((entry) => entry.ErrorCode !== undefined)
  throw new AwsCallError(
    'aws.entry-failed',
    `EventBridge refused ${answer.FailedEntryCount} of ${events.length} events on bus "${bus}": ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`.trim(),
    { action: 'events:PutEvents', ...(failed?.ErrorCode === undefined ? {} : { awsName: failed.ErrorCode }) },
  )
}

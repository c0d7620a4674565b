import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { connectionAws } from '@sluice/assets'
import { type AwsClients, createAwsClients } from '@sluice/aws'
import type { LocalAws } from '@sluice/aws-local'
import type { ComponentStarter } from '../../runtime/components.ts'
import type { ComponentContext, Sink, SinkMetrics, StateStore } from '../../runtime/contracts.ts'
import { resolvedSpec } from './resolved-spec.ts'
import { RecordingLog, RecordingMetrics } from './sink-context.ts'

/** Clients of a `connection.aws` pointed at the local stack (or emulators like it), made as the engine makes them. */
export function localClients(aws: Pick<LocalAws, 'region' | 'credentials' | 'endpoints'>): AwsClients {
  const connection = resolvedSpec(connectionAws, {
    region: aws.region,
    auth: { mode: 'accessKey', ...aws.credentials },
    endpoints: { ...aws.endpoints },
    s3ForcePathStyle: true,
  })
  return createAwsClients(connection, { maxAttempts: 1 })
}

const memoryState: StateStore = {
  get: async () => undefined,
  set: async () => undefined,
  delete: async () => undefined,
}

/** Starts a sink through its registered starter, as the runtime does, on the local stack's clients. */
export function startSink(
  starter: ComponentStarter<Sink, SinkMetrics>,
  authored: unknown,
  clients: AwsClients,
) {
  const metrics = new RecordingMetrics()
  const stop = new AbortController()
  const context: ComponentContext & { metrics: RecordingMetrics } = {
    workflow: 'it',
    node: 'sink',
    asset: 'sink-under-test',
    clients,
    log: new RecordingLog(),
    state: memoryState,
    signal: stop.signal,
    metrics,
  }
  const started = starter.start(authored, {}, context)
  if (started.component === undefined)
    throw new Error(`the sink did not start: ${JSON.stringify(started.issues)}`)
  return { sink: started.component, metrics, stop }
}

/** Receives (and deletes) messages until `count` arrived or `rounds` one-second polls found nothing new. */
export async function receiveAll(
  client: SQSClient,
  queueUrl: string,
  count: number,
  rounds = 20,
): Promise<Message[]> {
  const received: Message[] = []
  for (let idle = 0; received.length < count && idle < rounds; ) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    )
    idle = Messages.length === 0 ? idle + 1 : 0
    received.push(...Messages)
    if (Messages.length > 0)
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      )
  }
  return received
}

import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { DeliveryRecord, Target } from './eventbridge-state.ts'
import { isJsonObject, type JsonObject } from './json-input.ts'

/** Sends matched events to rule targets in the background. */
export interface Deliverer {
  /** Starts delivering; the outcome is written into `record`. */
  deliver(target: Target, envelope: JsonObject, record: DeliveryRecord): void
  /** Resolves once every delivery started so far has finished. */
  idle(): Promise<void>
  /** Waits for deliveries in flight, then releases the SQS client. */
  close(): Promise<void>
}

/** Where SQS targets are delivered, with the credentials to sign with. */
export interface SqsDeliveryOptions {
  readonly endpoint?: string
  readonly region: string
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
}

function selectPath(envelope: JsonObject, inputPath: string): unknown {
  if (inputPath === '$') return envelope
  if (!inputPath.startsWith('$.')) throw new Error(`unsupported InputPath ${inputPath}`)
  let current: unknown = envelope
  for (const key of inputPath.slice(2).split('.')) {
    current = isJsonObject(current) ? current[key] : undefined
  }
  return current
}

/** The message body EventBridge sends a target: `Input`, the `InputPath` selection, or the envelope. */
export function targetPayload(target: Target, envelope: JsonObject): string {
  if (target.input !== undefined) return target.input
  if (target.inputPath !== undefined) return JSON.stringify(selectPath(envelope, target.inputPath) ?? null)
  return JSON.stringify(envelope)
}

function parseSqsArn(arn: string): { account: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:(\d{12}):(.+)$/.exec(arn)
  const account = match?.[1]
  const name = match?.[2]
  return account && name ? { account, name } : undefined
}

/**
 * Creates a deliverer that sends to SQS targets with the real SQS client (the queue's URL is
 * looked up by name on every delivery). Other target types are recorded as `unsupported`.
 */
export function createSqsDeliverer(options: SqsDeliveryOptions): Deliverer {
  const client =
    options.endpoint === undefined
      ? undefined
      : new SQSClient({
          endpoint: options.endpoint,
          region: options.region,
          credentials: options.credentials,
          maxAttempts: 3,
        })
  const inFlight = new Set<Promise<void>>()

  async function sendToSqs(
    sqs: SQSClient,
    queue: { account: string; name: string },
    target: Target,
    message: { body: string; eventId: string },
    record: DeliveryRecord,
  ): Promise<void> {
    const { QueueUrl } = await sqs.send(
      new GetQueueUrlCommand({ QueueName: queue.name, QueueOwnerAWSAccountId: queue.account }),
    )
    const fifo = queue.name.endsWith('.fifo')
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: message.body,
        ...(fifo ? { MessageGroupId: target.messageGroupId, MessageDeduplicationId: message.eventId } : {}),
      }),
    )
    record.status = 'delivered'
    if (sent.MessageId !== undefined) record.messageId = sent.MessageId
  }

  function deliver(target: Target, envelope: JsonObject, record: DeliveryRecord): void {
    const queue = parseSqsArn(target.arn)
    if (queue === undefined || client === undefined) {
      record.status = 'unsupported'
      record.error = queue === undefined ? 'only SQS targets are delivered' : 'no SQS endpoint configured'
      return
    }
    let body: string
    try {
      body = targetPayload(target, envelope)
    } catch (err) {
      record.status = 'failed'
      record.error = err instanceof Error ? err.message : String(err)
      return
    }
    const eventId = typeof envelope.id === 'string' ? envelope.id : record.targetId
    const task = sendToSqs(client, queue, target, { body, eventId }, record).catch((err: unknown) => {
      record.status = 'failed'
      record.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
    })
    inFlight.add(task)
    void task.finally(() => inFlight.delete(task))
  }

  async function idle(): Promise<void> {
    while (inFlight.size > 0) await Promise.all([...inFlight])
  }

  return {
    deliver,
    idle,
    async close() {
      await idle()
      client?.destroy()
    },
  }
}

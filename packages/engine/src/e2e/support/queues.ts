import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'

/** Sends `bodies` to a queue, ten to a call. */
export async function sendAll(sqs: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10)
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody })),
      }),
    )
}

/** How many messages a queue holds: waiting, and received but not yet deleted. */
export async function queueDepth(
  sqs: SQSClient,
  queueUrl: string,
): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  )
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible),
  }
}

/** Options of {@link collect}. */
export interface CollectOptions {
  /** Messages expected; collecting goes on `quietMs` past them, to catch duplicates. */
  readonly expected: number
  readonly quietMs?: number
  readonly timeoutMs?: number
}

/**
 * Receives and deletes every message of a queue until `expected` have arrived and nothing more
 * came for `quietMs`, or until `timeoutMs` (then the caller's counts show what is missing).
 * Returns the bodies in the order received.
 */
export async function collect(sqs: SQSClient, queueUrl: string, options: CollectOptions): Promise<string[]> {
  const quietMs = options.quietMs ?? 1_500
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  const bodies: string[] = []
  let lastArrival = Date.now()
  while (Date.now() < deadline) {
    if (bodies.length >= options.expected && Date.now() - lastArrival >= quietMs) break
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    )
    if (Messages.length === 0) continue
    lastArrival = Date.now()
    for (const message of Messages) bodies.push(message.Body ?? '')
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    )
  }
  return bodies
}

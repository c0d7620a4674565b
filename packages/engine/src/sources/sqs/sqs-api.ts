import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type Message,
  type MessageSystemAttributeName,
  type QueueAttributeName,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'

export type { Message }

/** One receive call. */
export interface ReceiveRequest {
  readonly queueUrl: string
  readonly maxMessages: number
  readonly waitTimeSeconds: number
  readonly visibilityTimeoutSeconds?: number
  readonly messageAttributeNames: readonly string[]
  readonly systemAttributeNames: readonly MessageSystemAttributeName[]
}

/** An entry of a batch call, identified by `id` in the answer. */
export interface BatchEntry {
  readonly id: string
  readonly receiptHandle: string
}

/** The entries of a batch call that failed, with the service's error code. */
export interface BatchFailures {
  readonly failed: readonly { readonly id: string; readonly code: string; readonly senderFault: boolean }[]
}

/**
 * The SQS calls the sources make, so that unit tests can put a fake queue behind them. Every
 * method rejects with the SDK's error when the call as a whole fails.
 */
export interface SqsApi {
  queueUrl(name: string): Promise<string>
  queueAttributes(queueUrl: string, names: readonly QueueAttributeName[]): Promise<Record<string, string>>
  /**
   * Long-polls; `signal`, when given, abandons the call (messages it took stay hidden until their
   * visibility ends).
   */
  receive(request: ReceiveRequest, signal?: AbortSignal): Promise<Message[]>
  deleteBatch(queueUrl: string, entries: readonly BatchEntry[]): Promise<BatchFailures>
  changeVisibility(queueUrl: string, receiptHandle: string, seconds: number): Promise<void>
  changeVisibilityBatch(
    queueUrl: string,
    entries: readonly (BatchEntry & { readonly seconds: number })[],
  ): Promise<BatchFailures>
}

function failures(
  failed: readonly {
    Id?: string | undefined
    Code?: string | undefined
    SenderFault?: boolean | undefined
  }[] = [],
): BatchFailures {
  return {
    failed: failed.map((f) => ({
      id: f.Id ?? '',
      code: f.Code ?? 'Unknown',
      senderFault: f.SenderFault ?? true,
    })),
  }
}

/** {@link SqsApi} over an SDK v3 client. */
export function sqsApi(client: SQSClient): SqsApi {
  return {
    async queueUrl(name) {
      const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name }))
      if (QueueUrl === undefined) throw new Error(`GetQueueUrl answered without a URL for "${name}"`)
      return QueueUrl
    },
    async queueAttributes(queueUrl, names) {
      const answer = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [...names] }),
      )
      return answer.Attributes ?? {}
    },
    async receive(request, signal) {
      const answer = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: request.queueUrl,
          MaxNumberOfMessages: request.maxMessages,
          WaitTimeSeconds: request.waitTimeSeconds,
          ...(request.visibilityTimeoutSeconds === undefined
            ? {}
            : { VisibilityTimeout: request.visibilityTimeoutSeconds }),
          MessageAttributeNames: [...request.messageAttributeNames],
          MessageSystemAttributeNames: [...request.systemAttributeNames],
        }),
        signal === undefined ? undefined : { abortSignal: signal },
      )
      return answer.Messages ?? []
    },
    async deleteBatch(queueUrl, entries) {
      const answer = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: entries.map((e) => ({ Id: e.id, ReceiptHandle: e.receiptHandle })),
        }),
      )
      return failures(answer.Failed)
    },
    async changeVisibility(queueUrl, receiptHandle, seconds) {
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: seconds,
        }),
      )
    },
    async changeVisibilityBatch(queueUrl, entries) {
      const answer = await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: entries.map((e) => ({
            Id: e.id,
            ReceiptHandle: e.receiptHandle,
            VisibilityTimeout: e.seconds,
          })),
        }),
      )
      return failures(answer.Failed)
    },
  }
}

import {
  GetQueueUrlCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequest,
  type SendMessageBatchResult,
  type SQSClient,
} from '@aws-sdk/client-sqs'

/** The SQS calls the SQS sink makes. */
export interface SqsSender {
  sendMessageBatch(input: SendMessageBatchRequest, signal: AbortSignal): Promise<SendMessageBatchResult>
  /** The URL of a queue of the connection's account and region, by name. */
  getQueueUrl(queueName: string, signal: AbortSignal): Promise<string | undefined>
}

/** The SQS sink's calls on a real SDK client. */
export function sqsSender(client: SQSClient): SqsSender {
  return {
    sendMessageBatch: (input, signal) =>
      client.send(new SendMessageBatchCommand(input), { abortSignal: signal }),
    getQueueUrl: async (queueName, signal) =>
      (await client.send(new GetQueueUrlCommand({ QueueName: queueName }), { abortSignal: signal })).QueueUrl,
  }
}

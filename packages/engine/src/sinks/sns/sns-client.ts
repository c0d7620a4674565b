import {
  PublishBatchCommand,
  type PublishBatchInput,
  type PublishBatchResponse,
  type SNSClient,
} from '@aws-sdk/client-sns'

/** The one SNS call the SNS sink makes. */
export interface SnsPublisher {
  publishBatch(input: PublishBatchInput, signal: AbortSignal): Promise<PublishBatchResponse>
}

/** The SNS sink's calls on a real SDK client. */
export function snsPublisher(client: SNSClient): SnsPublisher {
  return {
    publishBatch: (input, signal) => client.send(new PublishBatchCommand(input), { abortSignal: signal }),
  }
}

import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge'
import { CreateStreamCommand, KinesisClient, waitUntilStreamExists } from '@aws-sdk/client-kinesis'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns'
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { LocalAws } from './stack.ts'

/** Names of the resources a test or the demo needs. Queue and topic names ending in `.fifo` are FIFO. */
export interface ResourceNames {
  buckets?: readonly string[]
  queues?: readonly string[]
  topics?: readonly string[]
  streams?: readonly string[]
  buses?: readonly string[]
  /** Topic name → queue names subscribed to it (raw delivery). */
  subscriptions?: Readonly<Record<string, readonly string[]>>
}

export interface CreatedResources {
  queueUrls: Record<string, string>
  topicArns: Record<string, string>
}

/**
 * Creates the named resources in the local stack; creating one that exists is harmless. Called by
 * `pnpm start` for the demo project, by integration tests for their fixtures, and by `pnpm chaos`
 * for a stack running in a child process (only its client config is needed).
 */
export async function createResources(
  aws: Pick<LocalAws, 'clientConfig'>,
  names: ResourceNames,
): Promise<CreatedResources> {
  const s3 = new S3Client(aws.clientConfig('s3'))
  const sqs = new SQSClient(aws.clientConfig('sqs'))
  const sns = new SNSClient(aws.clientConfig('sns'))
  const kinesis = new KinesisClient(aws.clientConfig('kinesis'))
  const events = new EventBridgeClient(aws.clientConfig('eventbridge'))
  try {
    for (const bucket of names.buckets ?? [])
      await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch(ignoreExists)
    const queueUrls: Record<string, string> = {}
    for (const queue of names.queues ?? []) {
      const fifo = queue.endsWith('.fifo')
      const attributes = fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'true' } : undefined
      const created = await sqs.send(new CreateQueueCommand({ QueueName: queue, Attributes: attributes }))
      if (created.QueueUrl) queueUrls[queue] = created.QueueUrl
    }
    const topicArns: Record<string, string> = {}
    for (const topic of names.topics ?? []) {
      const attributes = topic.endsWith('.fifo')
        ? { FifoTopic: 'true', ContentBasedDeduplication: 'true' }
        : undefined
      const created = await sns.send(new CreateTopicCommand({ Name: topic, Attributes: attributes }))
      if (created.TopicArn) topicArns[topic] = created.TopicArn
    }
    for (const [topic, queues] of Object.entries(names.subscriptions ?? {})) {
      for (const queue of queues) {
        const url = queueUrls[queue]
        const arn = topicArns[topic]
        if (!url || !arn)
          throw new Error(`subscription ${topic} → ${queue} names a topic or queue not created here`)
        const attrs = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
        )
        await sns.send(
          new SubscribeCommand({
            TopicArn: arn,
            Protocol: 'sqs',
            Endpoint: attrs.Attributes?.QueueArn,
            Attributes: { RawMessageDelivery: 'true' },
          }),
        )
      }
    }
    for (const stream of names.streams ?? []) {
      await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 2 })).catch(ignoreExists)
      await waitUntilStreamExists({ client: kinesis, maxWaitTime: 10, minDelay: 0.1 }, { StreamName: stream })
    }
    for (const bus of names.buses ?? [])
      await events.send(new CreateEventBusCommand({ Name: bus })).catch(ignoreExists)
    return { queueUrls, topicArns }
  } finally {
    for (const client of [s3, sqs, sns, kinesis, events]) client.destroy()
  }
}

function ignoreExists(error: unknown): void {
  const name = error instanceof Error ? error.name : ''
  if (!/AlreadyExists|AlreadyOwnedByYou|ResourceInUse/.test(name)) throw error
}

import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis'
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3'
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createResources } from './resources.ts'
import { type LocalAws, startLocalAws } from './stack.ts'

let aws: LocalAws
beforeAll(async () => {
  aws = await startLocalAws()
})
afterAll(async () => {
  await aws.stop()
})

describe('createResources', () => {
  it('creates every kind of resource, twice without error, with FIFO and raw subscriptions', async () => {
    const names = {
      buckets: ['in', 'out'],
      queues: ['orders', 'orders.fifo', 'copy'],
      topics: ['events'],
      streams: ['records'],
      buses: ['bus'],
      subscriptions: { events: ['copy'] },
    }
    await createResources(aws, names)
    const { queueUrls, topicArns } = await createResources(aws, { ...names, subscriptions: {} })

    const s3 = new S3Client(aws.clientConfig('s3'))
    const buckets = await s3.send(new ListBucketsCommand({}))
    expect(buckets.Buckets?.map((b) => b.Name).sort()).toEqual(['in', 'out'])
    const kinesis = new KinesisClient(aws.clientConfig('kinesis'))
    expect((await kinesis.send(new ListStreamsCommand({}))).StreamNames).toEqual(['records'])

    const sqs = new SQSClient(aws.clientConfig('sqs'))
    const fifo = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrls['orders.fifo'], AttributeNames: ['FifoQueue'] }),
    )
    expect(fifo.Attributes?.FifoQueue).toBe('true')

    const sns = new SNSClient(aws.clientConfig('sns'))
    await sns.send(new PublishCommand({ TopicArn: topicArns.events, Message: 'raw body' }))
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrls.copy, WaitTimeSeconds: 2 }),
    )
    expect(received.Messages?.map((m) => m.Body)).toEqual(['raw body'])
    for (const client of [s3, kinesis, sqs, sns]) client.destroy()
  })
})

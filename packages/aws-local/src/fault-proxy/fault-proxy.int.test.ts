import { randomBytes } from 'node:crypto'
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge'
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis'
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns'
import {
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type CreatedResources, createResources } from '../resources.ts'
import { type LocalAws, startLocalAws } from '../stack.ts'
import { errorOf } from '../test-helpers.ts'
import type { FaultRates } from './faults.ts'
import { type FaultProxy, startFaultProxy } from './proxy.ts'

let aws: LocalAws
let created: CreatedResources
const proxies: FaultProxy[] = []

beforeAll(async () => {
  aws = await startLocalAws()
  created = await createResources(aws, {
    queues: ['plain', 'fanned'],
    topics: ['news'],
    subscriptions: { news: ['fanned'] },
    streams: ['records'],
    buses: ['orders'],
    buckets: ['files'],
  })
}, 60_000)

afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.stop()))
  for (const url of Object.values(created.queueUrls)) {
    const sqs = new SQSClient(aws.clientConfig('sqs'))
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }))
    sqs.destroy()
  }
})

afterAll(async () => {
  await aws?.stop()
})

async function proxy(upstream: string, rates: FaultRates, seed = 7): Promise<FaultProxy> {
  const started = await startFaultProxy({ upstream, seed, rates })
  proxies.push(started)
  return started
}

function url(queue: string): string {
  return created.queueUrls[queue] ?? ''
}

async function depth(queue: string): Promise<number> {
  const sqs = new SQSClient(aws.clientConfig('sqs'))
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url(queue), AttributeNames: ['ApproximateNumberOfMessages'] }),
  )
  sqs.destroy()
  return Number(Attributes?.ApproximateNumberOfMessages)
}

async function streamRecords(): Promise<number> {
  const kinesis = new KinesisClient(aws.clientConfig('kinesis'))
  let count = 0
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: 'records' }))
  for (const shard of Shards) {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: 'records',
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
    count += (await kinesis.send(new GetRecordsCommand({ ShardIterator }))).Records?.length ?? 0
  }
  kinesis.destroy()
  return count
}

function clients(endpoint: string, kinesisEndpoint: string, eventsEndpoint: string) {
  const base = { region: aws.region, credentials: aws.credentials, maxAttempts: 1 }
  return {
    sqs: new SQSClient({ ...base, endpoint }),
    sns: new SNSClient({ ...base, endpoint }),
    s3: new S3Client({ ...aws.clientConfig('s3'), maxAttempts: 1, endpoint }),
    kinesis: new KinesisClient({ ...aws.clientConfig('kinesis'), maxAttempts: 1, endpoint: kinesisEndpoint }),
    events: new EventBridgeClient({ ...base, endpoint: eventsEndpoint }),
  }
}

const entries = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ Id: String(i), MessageBody: `m-${i}` }))

describe('the fault proxy', () => {
  it('answers with each service’s own throttling error, as the SDK parses it', async () => {
    const [front, kinesis, events] = await Promise.all([
      proxy(aws.endpoints.sqs, { throttle: 1 }),
      proxy(aws.endpoints.kinesis, { throttle: 1 }),
      proxy(aws.endpoints.eventbridge, { throttle: 1 }),
    ])
    const c = clients(front.endpoint, kinesis.endpoint, events.endpoint)
    const topicArn = created.topicArns.news
    expect(
      await errorOf(c.sqs.send(new SendMessageCommand({ QueueUrl: url('plain'), MessageBody: 'x' }))),
    ).toEqual({
      name: 'RequestThrottled',
      status: 400,
    })
    expect(await errorOf(c.sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'x' })))).toEqual({
      name: 'ThrottledException',
      status: 429,
    })
    expect(
      await errorOf(
        c.kinesis.send(
          new PutRecordsCommand({
            StreamName: 'records',
            Records: [{ Data: Buffer.from('x'), PartitionKey: 'k' }],
          }),
        ),
      ),
    ).toEqual({ name: 'ProvisionedThroughputExceededException', status: 400 })
    expect(
      await errorOf(
        c.events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 't', Detail: '{}' }] })),
      ),
    ).toEqual({ name: 'ThrottlingException', status: 400 })
    expect(await errorOf(c.s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'k', Body: 'x' })))).toEqual({
      name: 'SlowDown',
      status: 503,
    })
    expect(await depth('plain')).toBe(0)
    expect(front.stats().faults.throttle).toBe(3)
  })

  it('answers HTTP 500 in each service’s error shape', async () => {
    const [front, kinesis, events] = await Promise.all([
      proxy(aws.endpoints.sqs, { 'server-error': 1 }),
      proxy(aws.endpoints.kinesis, { 'server-error': 1 }),
      proxy(aws.endpoints.eventbridge, { 'server-error': 1 }),
    ])
    const c = clients(front.endpoint, kinesis.endpoint, events.endpoint)
    expect(
      await errorOf(c.sqs.send(new SendMessageCommand({ QueueUrl: url('plain'), MessageBody: 'x' }))),
    ).toEqual({
      name: 'InternalError',
      status: 500,
    })
    expect(
      await errorOf(c.sns.send(new PublishCommand({ TopicArn: created.topicArns.news, Message: 'x' }))),
    ).toEqual({ name: 'InternalErrorException', status: 500 })
    expect(
      await errorOf(
        c.kinesis.send(
          new PutRecordsCommand({
            StreamName: 'records',
            Records: [{ Data: Buffer.from('x'), PartitionKey: 'k' }],
          }),
        ),
      ),
    ).toEqual({ name: 'InternalFailure', status: 500 })
    expect(
      await errorOf(
        c.events.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 't', Detail: '{}' }] })),
      ),
    ).toEqual({ name: 'InternalException', status: 500 })
    expect(await errorOf(c.s3.send(new GetObjectCommand({ Bucket: 'files', Key: 'k' })))).toEqual({
      name: 'InternalError',
      status: 500,
    })
  })

  it('drops the connection before forwarding (nothing stored) or after (stored, yet the client sees a failure)', async () => {
    const before = await proxy(aws.endpoints.sqs, { 'drop-before': 1 })
    const sqsBefore = new SQSClient({ ...aws.clientConfig('sqs'), endpoint: before.endpoint, maxAttempts: 1 })
    const lost = await errorOf(
      sqsBefore.send(new SendMessageCommand({ QueueUrl: url('plain'), MessageBody: 'x' })),
    )
    expect(lost.name).not.toBe('resolved')
    expect(await depth('plain')).toBe(0)

    const after = await proxy(aws.endpoints.sqs, { 'drop-after': 1 })
    const sqsAfter = new SQSClient({ ...aws.clientConfig('sqs'), endpoint: after.endpoint, maxAttempts: 1 })
    const unanswered = await errorOf(
      sqsAfter.send(new SendMessageCommand({ QueueUrl: url('plain'), MessageBody: 'x' })),
    )
    expect(unanswered.name).not.toBe('resolved')
    expect(await depth('plain')).toBe(1)
    expect([before.stats().faults['drop-before'], after.stats().faults['drop-after']]).toEqual([1, 1])
    sqsBefore.destroy()
    sqsAfter.destroy()
  })

  it('fails some entries of SQS and SNS batches, which are then really not stored', async () => {
    const front = await proxy(aws.endpoints.sqs, { partial: 1 })
    const sqs = new SQSClient({ ...aws.clientConfig('sqs'), endpoint: front.endpoint, maxAttempts: 1 })
    const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url('plain'), Entries: entries(10) }))
    const failed = sent.Failed ?? []
    expect(failed.length).toBeGreaterThan(0)
    expect((sent.Successful ?? []).length + failed.length).toBe(10)
    expect(failed.every((f) => f.Code === 'InternalError' && f.SenderFault === false)).toBe(true)
    expect(await depth('plain')).toBe(10 - failed.length)

    const sns = new SNSClient({ ...aws.clientConfig('sns'), endpoint: front.endpoint, maxAttempts: 1 })
    const published = await sns.send(
      new PublishBatchCommand({
        TopicArn: created.topicArns.news,
        PublishBatchRequestEntries: entries(10).map((e) => ({ Id: e.Id, Message: e.MessageBody })),
      }),
    )
    const refused = published.Failed ?? []
    expect(refused.length).toBeGreaterThan(0)
    expect((published.Successful ?? []).length + refused.length).toBe(10)
    expect(await depth('fanned')).toBe(10 - refused.length)
    expect(front.stats().failedEntries).toBe(failed.length + refused.length)
    sqs.destroy()
    sns.destroy()
  })

  it('fails some records of PutRecords and entries of PutEvents, re-signing what it forwards', async () => {
    const kinesisProxy = await proxy(aws.endpoints.kinesis, { partial: 1 })
    const eventsProxy = await proxy(aws.endpoints.eventbridge, { partial: 1 })
    const kinesis = new KinesisClient({ ...aws.clientConfig('kinesis'), endpoint: kinesisProxy.endpoint })
    const before = await streamRecords()
    const put = await kinesis.send(
      new PutRecordsCommand({
        StreamName: 'records',
        Records: Array.from({ length: 20 }, (_, i) => ({
          Data: Buffer.from(`r-${i}`),
          PartitionKey: `k-${i}`,
        })),
      }),
    )
    const failedRecords = (put.Records ?? []).filter((r) => r.ErrorCode !== undefined)
    expect(put.Records).toHaveLength(20)
    expect(put.FailedRecordCount).toBe(failedRecords.length)
    expect(failedRecords[0]?.ErrorCode).toBe('ProvisionedThroughputExceededException')
    expect((await streamRecords()) - before).toBe(20 - failedRecords.length)

    const events = new EventBridgeClient({
      ...aws.clientConfig('eventbridge'),
      endpoint: eventsProxy.endpoint,
    })
    const recorded = aws.standIn.events().length
    const answer = await events.send(
      new PutEventsCommand({
        Entries: Array.from({ length: 10 }, (_, i) => ({
          EventBusName: 'orders',
          Source: 'test',
          DetailType: 'n',
          Detail: JSON.stringify({ i }),
        })),
      }),
    )
    const failedEvents = (answer.Entries ?? []).filter((e) => e.ErrorCode !== undefined)
    expect(answer.Entries).toHaveLength(10)
    expect(answer.FailedEntryCount).toBe(failedEvents.length)
    expect(failedEvents.length).toBeGreaterThan(0)
    expect(aws.standIn.events().length - recorded).toBe(10 - failedEvents.length)
    kinesis.destroy()
    events.destroy()
  })

  it('streams S3 bodies through untouched, and counts every call', async () => {
    const front = await proxy(aws.endpoints.s3, {})
    const s3 = new S3Client({ ...aws.clientConfig('s3'), endpoint: front.endpoint, maxAttempts: 1 })
    const body = randomBytes(3 * 1024 * 1024)
    await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'blob', Body: body }))
    const read = await s3.send(new GetObjectCommand({ Bucket: 'files', Key: 'blob' }))
    expect(Buffer.from((await read.Body?.transformToByteArray()) ?? []).equals(body)).toBe(true)
    expect(front.stats()).toMatchObject({
      calls: 2,
      operations: { 's3 PutObject': { calls: 1 }, 's3 GetObject': { calls: 1 } },
    })
    s3.destroy()
  })

  it('draws the same faults in the same order from the same seed', async () => {
    const sequence = async () => {
      const front = await proxy(aws.endpoints.sqs, { throttle: 0.2, 'server-error': 0.2 }, 42)
      const sqs = new SQSClient({ ...aws.clientConfig('sqs'), endpoint: front.endpoint, maxAttempts: 1 })
      const outcomes: string[] = []
      for (let i = 0; i < 30; i++)
        outcomes.push(
          (await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: url('plain'), MessageBody: 'x' }))))
            .name,
        )
      sqs.destroy()
      return outcomes
    }
    const first = await sequence()
    expect(first).toContain('RequestThrottled')
    expect(first).toContain('InternalError')
    expect(await sequence()).toEqual(first)
  })
})

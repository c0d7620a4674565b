import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import {
  CreateEventBusCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge'
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis'
import {
  CreateBucketCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns'
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { Upload } from '@aws-sdk/lib-storage'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalAws, startLocalAws } from './stack.ts'
import { errorName, queueWithArn, receiveOne } from './test-helpers.ts'

let aws: LocalAws

beforeAll(async () => {
  aws = await startLocalAws()
}, 30_000)

afterAll(async () => {
  await aws?.stop()
})

const Bucket = 'smoke'

function sha256(bytes: Uint8Array | undefined): string {
  return createHash('sha256')
    .update(bytes ?? new Uint8Array())
    .digest('hex')
}

function sqs(): SQSClient {
  return new SQSClient({ ...aws.clientConfig('sqs'), maxAttempts: 1 })
}

describe('local AWS stack smoke test', () => {
  it('listens on 127.0.0.1 only', () => {
    for (const endpoint of Object.values(aws.endpoints))
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('S3: put/get and a streamed lib-storage upload', async () => {
    const s3 = new S3Client({ ...aws.clientConfig('s3'), maxAttempts: 1 })
    await s3.send(new CreateBucketCommand({ Bucket }))
    await s3.send(
      new PutObjectCommand({ Bucket, Key: 'a/hello.txt', Body: 'hello', ContentType: 'text/plain' }),
    )
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'a/hello.txt' }))
    expect(await got.Body?.transformToString()).toBe('hello')
    expect(got.ContentType).toBe('text/plain')

    const chunks = Array.from({ length: 11 }, (_, i) => Buffer.alloc(1024 * 1024, i))
    const Body = Readable.from(chunks)
    const upload = new Upload({
      client: s3,
      params: { Bucket, Key: 'big.bin', Body },
      partSize: 5 * 1024 * 1024,
    })
    expect((await upload.done()).ETag).toMatch(/-3"$/)
    const big = await s3.send(new GetObjectCommand({ Bucket, Key: 'big.bin' }))
    expect(sha256(await big.Body?.transformToByteArray())).toBe(sha256(Buffer.concat(chunks)))
    s3.destroy()
  }, 30_000)

  it('S3: tagging keeps the object intact; If-None-Match gives 412 and one winner of 20', async () => {
    const s3 = new S3Client({ ...aws.clientConfig('s3'), maxAttempts: 1 })
    const Key = 'tagged'
    await s3.send(new CreateBucketCommand({ Bucket: 'smoke-tags' }))
    const at = { Bucket: 'smoke-tags', Key }
    await s3.send(new PutObjectCommand({ ...at, Body: 'payload', Tagging: 'team=data&tier=gold' }))
    expect((await s3.send(new GetObjectTaggingCommand(at))).TagSet).toEqual([
      { Key: 'team', Value: 'data' },
      { Key: 'tier', Value: 'gold' },
    ])
    await s3.send(new PutObjectTaggingCommand({ ...at, Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }))
    expect((await s3.send(new GetObjectTaggingCommand(at))).TagSet).toEqual([{ Key: 'k', Value: 'v' }])
    await s3.send(new DeleteObjectTaggingCommand(at))
    expect(await (await s3.send(new GetObjectCommand(at))).Body?.transformToString()).toBe('payload')

    const conditional = s3.send(new PutObjectCommand({ ...at, Body: 'other', IfNoneMatch: '*' }))
    expect(await errorName(conditional)).toBe('PreconditionFailed')
    const racers = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        s3.send(new PutObjectCommand({ ...at, Key: 'lease', Body: `owner-${i}`, IfNoneMatch: '*' })),
      ),
    )
    expect(racers.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    s3.destroy()
  }, 30_000)

  it('SQS: send, receive, delete', async () => {
    const client = sqs()
    const { url } = await queueWithArn(client, 'smoke-sqs')
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'ping' }))
    expect(await receiveOne(client, url)).toBe('ping')
    client.destroy()
  }, 15_000)

  it('SNS: publish to a subscribed queue', async () => {
    const client = sqs()
    const sns = new SNSClient({ ...aws.clientConfig('sns'), maxAttempts: 1 })
    const queue = await queueWithArn(client, 'smoke-sns-target')
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'smoke-topic' }))
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }))
    await sns.send(new PublishCommand({ TopicArn, Message: 'fan-out', Subject: 'smoke' }))
    const envelope: unknown = JSON.parse(await receiveOne(client, queue.url))
    expect(envelope).toMatchObject({ Type: 'Notification', TopicArn, Message: 'fan-out' })
    sns.destroy()
    client.destroy()
  }, 15_000)

  it('Kinesis: PutRecords then GetRecords', async () => {
    const kinesis = new KinesisClient({ ...aws.clientConfig('kinesis'), maxAttempts: 1 })
    await kinesis.send(new CreateStreamCommand({ StreamName: 'smoke-stream', ShardCount: 1 }))
    await waitUntilStreamExists(
      { client: kinesis, minDelay: 1, maxWaitTime: 10 },
      { StreamName: 'smoke-stream' },
    )
    const records = ['r1', 'r2', 'r3'].map((data) => ({ Data: Buffer.from(data), PartitionKey: data }))
    const put = await kinesis.send(new PutRecordsCommand({ StreamName: 'smoke-stream', Records: records }))
    expect(put.FailedRecordCount).toBe(0)
    const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: 'smoke-stream' }))
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: 'smoke-stream',
        ShardId: Shards?.[0]?.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    )
    const got = await kinesis.send(new GetRecordsCommand({ ShardIterator }))
    expect(got.Records?.map((r) => Buffer.from(r.Data ?? new Uint8Array()).toString())).toEqual([
      'r1',
      'r2',
      'r3',
    ])
    kinesis.destroy()
  }, 20_000)

  it('EventBridge: PutEvents through a rule to an SQS queue', async () => {
    const client = sqs()
    const events = new EventBridgeClient({ ...aws.clientConfig('eventbridge'), maxAttempts: 1 })
    const queue = await queueWithArn(client, 'smoke-events')
    await events.send(new CreateEventBusCommand({ Name: 'smoke-bus' }))
    const pattern = { source: ['com.sluice.orders'], detail: { kind: [{ prefix: 'order.' }] } }
    const { RuleArn } = await events.send(
      new PutRuleCommand({
        Name: 'to-queue',
        EventBusName: 'smoke-bus',
        EventPattern: JSON.stringify(pattern),
      }),
    )
    expect(RuleArn).toBe('arn:aws:events:us-east-1:000000000000:rule/smoke-bus/to-queue')
    await events.send(
      new PutTargetsCommand({
        Rule: 'to-queue',
        EventBusName: 'smoke-bus',
        Targets: [{ Id: 'q', Arn: queue.arn }],
      }),
    )
    const listed = await events.send(
      new ListTargetsByRuleCommand({ Rule: 'to-queue', EventBusName: 'smoke-bus' }),
    )
    expect(listed.Targets).toEqual([{ Id: 'q', Arn: queue.arn }])

    const entry = { EventBusName: 'smoke-bus', Source: 'com.sluice.orders', DetailType: 'OrderPlaced' }
    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          { ...entry, Detail: JSON.stringify({ kind: 'order.placed', id: 7 }) },
          { ...entry, Detail: JSON.stringify({ kind: 'refund.issued' }) },
          { ...entry, Detail: 'not json' },
        ],
      }),
    )
    expect(result.FailedEntryCount).toBe(1)
    expect(result.Entries?.[2]).toMatchObject({ ErrorCode: 'MalformedDetail' })
    expect(new Set(result.Entries?.slice(0, 2).map((e) => e.EventId)).size).toBe(2)

    const delivered: unknown = JSON.parse(await receiveOne(client, queue.url))
    expect(Object.keys(delivered ?? {})).toEqual([
      'version',
      'id',
      'detail-type',
      'source',
      'account',
      'time',
      'region',
      'resources',
      'detail',
    ])
    expect(delivered).toMatchObject({
      id: result.Entries?.[0]?.EventId,
      detail: { kind: 'order.placed', id: 7 },
    })

    const tooMany = Array.from({ length: 11 }, () => ({ ...entry, Detail: '{}' }))
    expect(await errorName(events.send(new PutEventsCommand({ Entries: tooMany })))).toBe(
      'ValidationException',
    )

    const recorded = await fetch(`${aws.endpoints.eventbridge}/_standin/events`).then((r) => r.json())
    expect(recorded).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          eventId: result.Entries?.[0]?.EventId,
          signedBy: 'arn:aws:iam::000000000000:root',
          deliveries: [expect.objectContaining({ status: 'delivered', targetArn: queue.arn })],
        }),
      ]),
    )
    events.destroy()
    client.destroy()
  }, 20_000)

  it('STS: AssumeRole, then calls signed with the temporary credentials', async () => {
    const sts = new STSClient({ ...aws.clientConfig('sts'), maxAttempts: 1 })
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::111122223333:role/pipeline-writer',
        RoleSessionName: 'engine',
        DurationSeconds: 900,
      }),
    )
    const creds = assumed.Credentials
    expect(creds?.AccessKeyId).toMatch(/^ASIA/)
    expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::111122223333:assumed-role/pipeline-writer/engine')
    const temporary = {
      accessKeyId: creds?.AccessKeyId ?? '',
      secretAccessKey: creds?.SecretAccessKey ?? '',
      sessionToken: creds?.SessionToken ?? '',
    }
    const asRole = new STSClient({ ...aws.clientConfig('sts'), credentials: temporary, maxAttempts: 1 })
    const identity = await asRole.send(new GetCallerIdentityCommand({}))
    expect(identity).toMatchObject({
      Account: '111122223333',
      Arn: 'arn:aws:sts::111122223333:assumed-role/pipeline-writer/engine',
    })
    const events = new EventBridgeClient({
      ...aws.clientConfig('eventbridge'),
      credentials: temporary,
      maxAttempts: 1,
    })
    const buses = await events.send(new ListEventBusesCommand({}))
    expect(buses.EventBuses?.map((b) => b.Name)).toContain('default')

    const denied = sts.send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/deny-me', RoleSessionName: 's1' }),
    )
    expect(await errorName(denied)).toBe('AccessDenied')
    for (const client of [sts, asRole, events]) client.destroy()
  }, 15_000)

  it('rejects a bad signature', async () => {
    const wrong = { accessKeyId: 'test', secretAccessKey: 'not-the-secret' }
    const events = new EventBridgeClient({
      ...aws.clientConfig('eventbridge'),
      credentials: wrong,
      maxAttempts: 1,
    })
    expect(await errorName(events.send(new ListEventBusesCommand({})))).toBe('InvalidSignatureException')
    const sts = new STSClient({ ...aws.clientConfig('sts'), credentials: wrong, maxAttempts: 1 })
    expect(await errorName(sts.send(new GetCallerIdentityCommand({})))).toBe('SignatureDoesNotMatch')
    events.destroy()
    sts.destroy()
  }, 15_000)
})

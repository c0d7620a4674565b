import { createServer, type Server, type Socket } from 'node:net'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import type { ProbeResult } from '@sluice/assets'
import { type CreatedResources, createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AwsClients, createAwsClients } from './clients.ts'
import type { ConnectionAuth, ConnectionSpec } from './connection-spec.ts'
import { probeAsset, probeConnection } from './probes.ts'
import { assumeRoleAuth, LOCAL_KEYS, localConnection, localRole } from './testing/local-connection.ts'

let aws: LocalAws
let created: CreatedResources
let clients: AwsClients
let silent: Server
const sockets: Socket[] = []
const opened: AwsClients[] = []
const options = { timeoutMs: 10_000 }

beforeAll(async () => {
  aws = await startLocalAws({ roles: { 'no-describe': { deniedActions: ['events:DescribeEventBus'] } } })
  created = await createResources(aws, {
    buckets: ['inbox', 'outbox'],
    queues: ['orders', 'notifications'],
    topics: ['alerts'],
    streams: ['clicks'],
    buses: ['audit'],
  })
  clients = connect()
  await clients.s3().send(new PutObjectCommand({ Bucket: 'inbox', Key: 'in/a.ndjson', Body: '{}\n' }))
  silent = createServer((socket) => sockets.push(socket))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
}, 60_000)

afterAll(async () => {
  for (const c of opened) c.destroy()
  for (const socket of sockets) socket.destroy()
  await new Promise((resolve) => silent?.close(resolve))
  await aws?.stop()
})

function connect(auth: ConnectionAuth = LOCAL_KEYS, patch: Partial<ConnectionSpec> = {}): AwsClients {
  const made = createAwsClients({ ...localConnection(aws), auth, ...patch })
  opened.push(made)
  return made
}

const summary = (probes: ProbeResult[]) =>
  probes.map((p) => ({ name: p.name, ok: p.ok, code: p.code, action: p.action }))

describe('probeConnection against the local stack', () => {
  it('resolves credentials and reports the identity', async () => {
    const report = await probeConnection(clients, options)
    expect(report.identity).toEqual({ account: '000000000000', arn: 'arn:aws:iam::000000000000:root' })
    expect(report.probes.every((p) => p.ok)).toBe(true)
  })

  it('names sts:AssumeRole when the role cannot be assumed', async () => {
    const report = await probeConnection(connect(assumeRoleAuth(localRole('deny-me'), LOCAL_KEYS)), options)
    expect(summary(report.probes)).toEqual([
      { name: 'Resolve credentials', ok: false, code: 'aws.access-denied', action: 'sts:AssumeRole' },
    ])
  })

  it('says the endpoint is unreachable, and times out on one that never answers', async () => {
    const refused = connect(LOCAL_KEYS, {
      endpoints: { ...localConnection(aws).endpoints, sts: 'http://127.0.0.1:1' },
    })
    expect((await probeConnection(refused, options)).probes[1]).toMatchObject({
      ok: false,
      code: 'aws.unreachable',
    })
    const port = silent.address()
    const hanging = connect(LOCAL_KEYS, {
      endpoints: { sts: `http://127.0.0.1:${typeof port === 'object' && port ? port.port : 0}` },
    })
    const started = Date.now()
    const report = await probeConnection(hanging, { timeoutMs: 400 })
    expect(report.probes[1]).toMatchObject({ ok: false, code: 'aws.timeout' })
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})

describe('probeAsset against the local stack', () => {
  it('source.sqs: GetQueueUrl and GetQueueAttributes, or the missing queue named', async () => {
    const ok = await probeAsset('source.sqs', { connection: 'local', queue: 'orders' }, clients, options)
    expect(summary(ok)).toEqual([
      { name: 'GetQueueUrl of orders', ok: true, code: undefined, action: 'sqs:GetQueueUrl' },
      { name: 'GetQueueAttributes on orders', ok: true, code: undefined, action: 'sqs:GetQueueAttributes' },
    ])
    const byUrl = await probeAsset(
      'source.sqs',
      { connection: 'local', queue: created.queueUrls.orders },
      clients,
      options,
    )
    expect(summary(byUrl).map((p) => p.action)).toEqual(['sqs:GetQueueAttributes'])
    const missing = await probeAsset('source.sqs', { connection: 'local', queue: 'nope' }, clients, options)
    expect(summary(missing)).toEqual([
      { name: 'GetQueueUrl of nope', ok: false, code: 'aws.not-found', action: 'sqs:GetQueueUrl' },
    ])
  })

  it('source.s3: ListObjectsV2 on the prefix, plus the notification queue', async () => {
    const spec = { connection: 'local', bucket: 'inbox', prefix: 'in/', format: { type: 'ndjson' } }
    const ok = await probeAsset('source.s3', spec, clients, options)
    expect(ok[0]).toMatchObject({
      ok: true,
      action: 's3:ListBucket',
      message: 's3://inbox/in/ is readable and holds objects',
    })
    const notified = await probeAsset(
      'source.s3',
      { ...spec, discovery: { mode: 'notifications', queue: 'notifications' } },
      clients,
      options,
    )
    expect(notified.map((p) => [p.action, p.ok])).toEqual([
      ['s3:ListBucket', true],
      ['sqs:GetQueueUrl', true],
      ['sqs:GetQueueAttributes', true],
    ])
    const missing = await probeAsset('source.s3', { ...spec, bucket: 'no-such-bucket' }, clients, options)
    expect(summary(missing)[0]).toMatchObject({ ok: false, code: 'aws.not-found', action: 's3:ListBucket' })
  })

  it('sink.s3: HeadBucket', async () => {
    const spec = {
      connection: 'local',
      bucket: 'outbox',
      keyTemplate: 'out/x.ndjson',
      format: { type: 'ndjson' },
    }
    expect((await probeAsset('sink.s3', spec, clients, options))[0]).toMatchObject({
      ok: true,
      action: 's3:ListBucket',
    })
    const missing = await probeAsset('sink.s3', { ...spec, bucket: 'no-such-bucket' }, clients, options)
    expect(summary(missing)[0]).toMatchObject({
      name: 'HeadBucket on no-such-bucket',
      ok: false,
      code: 'aws.not-found',
    })
  })

  it('sink.sqs: GetQueueAttributes', async () => {
    const ok = await probeAsset(
      'sink.sqs',
      { connection: 'local', queue: created.queueUrls.orders },
      clients,
      options,
    )
    expect(summary(ok)).toEqual([
      { name: 'GetQueueAttributes on orders', ok: true, code: undefined, action: 'sqs:GetQueueAttributes' },
    ])
    const gone = created.queueUrls.orders?.replace('/orders', '/gone') ?? ''
    const missing = await probeAsset('sink.sqs', { connection: 'local', queue: gone }, clients, options)
    expect(summary(missing)[0]).toMatchObject({
      ok: false,
      code: 'aws.not-found',
      action: 'sqs:GetQueueAttributes',
    })
  })

  it('sink.sns: GetTopicAttributes', async () => {
    const spec = { connection: 'local', topicArn: created.topicArns.alerts }
    expect((await probeAsset('sink.sns', spec, clients, options))[0]).toMatchObject({
      ok: true,
      action: 'sns:GetTopicAttributes',
    })
    const missing = await probeAsset(
      'sink.sns',
      { connection: 'local', topicArn: 'arn:aws:sns:us-east-1:000000000000:nope' },
      clients,
      options,
    )
    expect(summary(missing)[0]).toMatchObject({
      ok: false,
      code: 'aws.not-found',
      action: 'sns:GetTopicAttributes',
    })
  })

  it('sink.kinesis: DescribeStreamSummary', async () => {
    const ok = await probeAsset(
      'sink.kinesis',
      { connection: 'local', stream: 'clicks', partitionKey: 'k' },
      clients,
      options,
    )
    expect(ok[0]).toMatchObject({
      ok: true,
      message: 'clicks: ACTIVE, 2 open shards',
      action: 'kinesis:DescribeStreamSummary',
    })
    const missing = await probeAsset(
      'sink.kinesis',
      { connection: 'local', stream: 'nope', partitionKey: 'k' },
      clients,
      options,
    )
    expect(summary(missing)[0]).toMatchObject({
      ok: false,
      code: 'aws.not-found',
      action: 'kinesis:DescribeStreamSummary',
    })
  })

  it('sink.eventbridge: DescribeEventBus for each bus, naming the action when it is denied', async () => {
    const spec = {
      connection: 'local',
      eventBuses: ['default', 'audit'],
      source: 'com.example',
      detailType: 'T',
    }
    expect((await probeAsset('sink.eventbridge', spec, clients, options)).map((p) => p.ok)).toEqual([
      true,
      true,
    ])
    const missing = await probeAsset('sink.eventbridge', { ...spec, eventBuses: ['nope'] }, clients, options)
    expect(summary(missing)[0]).toMatchObject({
      ok: false,
      code: 'aws.not-found',
      action: 'events:DescribeEventBus',
    })
    const limited = connect(assumeRoleAuth(localRole('no-describe'), LOCAL_KEYS))
    const denied = await probeAsset('sink.eventbridge', spec, limited, options)
    expect(summary(denied)).toEqual([
      {
        name: 'DescribeEventBus on default',
        ok: false,
        code: 'aws.access-denied',
        action: 'events:DescribeEventBus',
      },
      {
        name: 'DescribeEventBus on audit',
        ok: false,
        code: 'aws.access-denied',
        action: 'events:DescribeEventBus',
      },
    ])
    expect(denied[0]?.message).toContain('Allow events:DescribeEventBus')
  })
})

import { describe, expect, it } from 'vitest'
import { AwsCallError } from './errors.ts'
import { probeAssetWith, probeConnectionWith } from './probes.ts'
import { fakeCalls, serviceError } from './testing/fake-calls.ts'

const options = { timeoutMs: 5_000 }
const QUEUE_URL = 'https://sqs.eu-central-1.amazonaws.com/123456789012/orders'
const attributes = {
  QueueArn: 'arn:aws:sqs:eu-central-1:123456789012:orders',
  ApproximateNumberOfMessages: '12',
  ApproximateNumberOfMessagesNotVisible: '3',
  VisibilityTimeout: '30',
  RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:eu-central-1:123456789012:dlq","maxReceiveCount":"5"}',
}

describe('probeConnectionWith', () => {
  it('resolves credentials, then asks who they belong to', async () => {
    const expiration = new Date(Date.now() + 30 * 60_000)
    const { calls } = fakeCalls({
      resolveCredentials: async () => ({ kind: 'temporary', expiration }),
      getCallerIdentity: async () => ({
        account: '123456789012',
        arn: 'arn:aws:sts::123456789012:assumed-role/r/s',
      }),
    })
    const report = await probeConnectionWith(calls, options)
    expect(report.identity).toEqual({
      account: '123456789012',
      arn: 'arn:aws:sts::123456789012:assumed-role/r/s',
    })
    expect(report.probes.map((p) => [p.name, p.ok])).toEqual([
      ['Resolve credentials', true],
      ['GetCallerIdentity', true],
    ])
    expect(report.probes[0]?.message).toContain(`valid until ${expiration.toISOString()}`)
    expect(report.probes[1]?.action).toBeUndefined()
  })

  it('stops at a credential failure and names the STS action it needs', async () => {
    const { calls, made } = fakeCalls({
      resolveCredentials: async () => {
        throw new AwsCallError('aws.access-denied', 'AssumeRole of arn:aws:iam::1:role/r: access denied.', {
          action: 'sts:AssumeRole',
          path: '/spec/auth',
        })
      },
    })
    const report = await probeConnectionWith(calls, options)
    expect(report.identity).toBeUndefined()
    expect(report.probes).toEqual([
      expect.objectContaining({ ok: false, code: 'aws.access-denied', action: 'sts:AssumeRole' }),
    ])
    expect(made.map((m) => m.call)).toEqual(['resolveCredentials'])
  })

  it('reports an anonymous connection without calling STS', async () => {
    const { calls } = fakeCalls({ resolveCredentials: async () => ({ kind: 'anonymous' }) })
    const report = await probeConnectionWith(calls, options)
    expect(report.probes).toEqual([
      expect.objectContaining({ ok: true, message: expect.stringContaining('unsigned') }),
    ])
  })

  it('never hangs: a call that never answers ends as aws.timeout within the budget', async () => {
    const { calls } = fakeCalls({
      resolveCredentials: async () => ({ kind: 'long-term' }),
      getCallerIdentity: () => new Promise(() => {}),
    })
    const report = await probeConnectionWith(calls, { timeoutMs: 50 })
    expect(report.probes[1]).toMatchObject({ ok: false, code: 'aws.timeout' })
  })
})

describe('probeAssetWith', () => {
  it('source.sqs by name: GetQueueUrl, then GetQueueAttributes, with defaults filled in', async () => {
    const { calls, made } = fakeCalls({
      getQueueUrl: async () => QUEUE_URL,
      getQueueAttributes: async () => attributes,
    })
    const probes = await probeAssetWith('source.sqs', { connection: 'prod', queue: 'orders' }, calls, options)
    expect(probes.map((p) => [p.name, p.action, p.ok])).toEqual([
      ['GetQueueUrl of orders', 'sqs:GetQueueUrl', true],
      ['GetQueueAttributes on orders', 'sqs:GetQueueAttributes', true],
    ])
    expect(probes[1]?.message).toBe(
      'orders: 12 messages waiting, 3 in flight, visibility timeout 30 s, dead-letter queue after 5 receives',
    )
    expect(made[1]?.args[0]).toBe(QUEUE_URL)
  })

  it('stops after a failed GetQueueUrl, naming its action', async () => {
    const { calls, made } = fakeCalls({
      getQueueUrl: async () => {
        throw serviceError('QueueDoesNotExist', 400)
      },
    })
    const probes = await probeAssetWith('sink.sqs', { connection: 'prod', queue: 'missing' }, calls, options)
    expect(probes).toEqual([
      expect.objectContaining({ ok: false, code: 'aws.not-found', action: 'sqs:GetQueueUrl' }),
    ])
    expect(made).toHaveLength(1)
  })

  it('source.s3 lists one key of its prefix, and probes the notification queue in notifications mode', async () => {
    const { calls, made } = fakeCalls({
      listObjects: async () => ({ keys: ['in/a.csv'], prefixes: [] }),
      getQueueAttributes: async () => attributes,
    })
    const poll = await probeAssetWith(
      'source.s3',
      { connection: 'prod', bucket: 'inbox', prefix: 'in/', format: { type: 'ndjson' } },
      calls,
      options,
    )
    expect(poll).toEqual([
      expect.objectContaining({ name: 'ListObjectsV2 on s3://inbox/in/', action: 's3:ListBucket', ok: true }),
    ])
    expect(made[0]?.args[0]).toEqual({ bucket: 'inbox', prefix: 'in/', maxKeys: 1 })
    const notified = await probeAssetWith(
      'source.s3',
      {
        connection: 'prod',
        bucket: 'inbox',
        format: { type: 'lines' },
        discovery: { mode: 'notifications', queue: QUEUE_URL },
      },
      calls,
      options,
    )
    expect(notified.map((p) => p.action)).toEqual(['s3:ListBucket', 'sqs:GetQueueAttributes'])
  })

  it('sink.s3 checks the bucket with HeadBucket', async () => {
    const { calls } = fakeCalls({
      headBucket: async () => {
        throw serviceError('Forbidden', 403, 'UnknownError')
      },
    })
    const probes = await probeAssetWith(
      'sink.s3',
      {
        connection: 'prod',
        bucket: 'outbox',
        keyTemplate: 'out/${date:yyyy}.ndjson',
        format: { type: 'ndjson' },
      },
      calls,
      options,
    )
    expect(probes).toEqual([
      expect.objectContaining({
        name: 'HeadBucket on outbox',
        ok: false,
        code: 'aws.access-denied',
        action: 's3:ListBucket',
      }),
    ])
    expect(probes[0]?.message).not.toContain('AWS said')
  })

  it('sink.sns, sink.kinesis and sink.eventbridge make their describe calls', async () => {
    const { calls } = fakeCalls({
      getTopicAttributes: async () => ({ SubscriptionsConfirmed: '2', FifoTopic: 'true' }),
      describeStreamSummary: async (name) => ({
        name,
        status: name === 'new' ? 'CREATING' : 'ACTIVE',
        openShards: 4,
      }),
      describeEventBus: async (name) => {
        if (name === 'locked') throw serviceError('AccessDeniedException', 400)
        return { name, arn: `arn:aws:events:eu-central-1:123456789012:event-bus/${name}` }
      },
    })
    const sns = await probeAssetWith(
      'sink.sns',
      { connection: 'p', topicArn: 'arn:aws:sns:eu-central-1:123456789012:ledger.fifo', messageGroupId: 'g' },
      calls,
      options,
    )
    expect(sns[0]).toMatchObject({
      action: 'sns:GetTopicAttributes',
      ok: true,
      message: 'ledger.fifo: 2 confirmed subscriptions, FIFO',
    })
    const kinesis = (stream: string) =>
      probeAssetWith('sink.kinesis', { connection: 'p', stream, partitionKey: 'k' }, calls, options)
    expect((await kinesis('clicks'))[0]).toMatchObject({ ok: true, message: 'clicks: ACTIVE, 4 open shards' })
    expect((await kinesis('new'))[0]).toMatchObject({ ok: false, code: 'aws.not-ready' })
    const buses = await probeAssetWith(
      'sink.eventbridge',
      { connection: 'p', eventBuses: ['default', 'locked'], source: 'com.example', detailType: 'T' },
      calls,
      options,
    )
    expect(buses.map((p) => [p.name, p.ok, p.code, p.action])).toEqual([
      ['DescribeEventBus on default', true, undefined, 'events:DescribeEventBus'],
      ['DescribeEventBus on locked', false, 'aws.access-denied', 'events:DescribeEventBus'],
    ])
  })

  it('refuses specs it cannot probe, and kinds it does not know, without calling AWS', async () => {
    const { calls, made } = fakeCalls({})
    const invalid = await probeAssetWith('sink.sqs', { connection: 'p' }, calls, options)
    expect(invalid).toEqual([expect.objectContaining({ ok: false, code: 'aws.invalid-spec' })])
    expect(invalid[0]?.message).toContain('/spec')
    const unresolved = await probeAssetWith(
      'sink.sqs',
      { connection: 'p', queue: '${lay:QUEUE}' },
      calls,
      options,
    )
    expect(unresolved[0]).toMatchObject({ code: 'aws.invalid-spec' })
    const unknown = await probeAssetWith('resource.secret', {}, calls, options)
    expect(unknown[0]).toMatchObject({ code: 'aws.unsupported-kind' })
    expect(made).toEqual([])
  })
})

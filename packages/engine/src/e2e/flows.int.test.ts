import { gunzipSync } from 'node:zlib'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import {
  type CreatedResources,
  createResources,
  type FaultProxy,
  type LocalAws,
  startFaultProxy,
  startLocalAws,
} from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startWorkflow, type WorkflowRun } from '../runtime/runner/workflow-run.ts'
import { connection, queueSource, straight, testBundle } from './support/bundle.ts'
import { collect, queueDepth, sendAll } from './support/queues.ts'
import { readStream } from './support/streams.ts'
import { idOf, ids, tally } from './support/tally.ts'

let aws: LocalAws
let created: CreatedResources
let sqs: SQSClient
let s3: S3Client
let kinesis: KinesisClient
const runs: WorkflowRun[] = []

beforeAll(async () => {
  aws = await startLocalAws()
  created = await createResources(aws, {
    queues: ['to-sns', 'sns-tap', 'to-kinesis', 'fan-in', 'copy-a', 'copy-b'],
    topics: ['events', 'fan-topic'],
    subscriptions: { events: ['sns-tap'], 'fan-topic': ['copy-b'] },
    streams: ['orders', 'fan-stream'],
    buckets: ['inbox', 'archive'],
  })
  sqs = new SQSClient(aws.clientConfig('sqs'))
  s3 = new S3Client(aws.clientConfig('s3'))
  kinesis = new KinesisClient(aws.clientConfig('kinesis'))
}, 60_000)

afterAll(async () => {
  await Promise.all(runs.map((run) => run.stop(5_000)))
  for (const client of [sqs, s3, kinesis]) client?.destroy()
  await aws?.stop()
})

function url(queue: string): string {
  const found = created.queueUrls[queue]
  if (found === undefined) throw new Error(`no queue ${queue}`)
  return found
}

function topic(name: string): string {
  return created.topicArns[name] ?? ''
}

function run(workflow: object, assets: Parameters<typeof testBundle>[1]): WorkflowRun {
  const started = startWorkflow(testBundle(workflow, assets), 'fixture', { allowAmbient: false })
  runs.push(started)
  expect(started.state).toBe('running')
  return started
}

const orders = (prefix: string, n: number) => ids(prefix, n).map((id) => JSON.stringify({ id, amount: 10 }))
const sqsSource = (name: string, queue: string, extra: object = {}) =>
  queueSource(name, queue, { bodyFormat: 'json', ...extra })

describe('workflows end to end on the local stack', () => {
  it('SQS → SNS → SQS subscription: every message once, each deleted from the source', async () => {
    const sent = ids('sns', 300)
    await sendAll(sqs, url('to-sns'), orders('sns', 300))
    const flow = run(straight('in-queue', ['topic']), [
      connection('local', aws),
      sqsSource('in-queue', 'to-sns'),
      { kind: 'sink.sns', name: 'topic', spec: { connection: 'local', topicArn: topic('events') } },
    ])
    const arrived = await collect(sqs, url('sns-tap'), { expected: sent.length })
    expect(tally(sent, arrived.map(idOf))).toMatchObject({ distinct: 300, duplicates: 0, lost: [] })
    await vi.waitFor(
      async () => expect(await queueDepth(sqs, url('to-sns'))).toEqual({ visible: 0, inFlight: 0 }),
      {
        timeout: 10_000,
      },
    )
    await flow.stop(10_000)
    expect(flow.status().metrics).toMatchObject({ in: 300, out: 300, errors: 0 })
  }, 90_000)

  it('SQS → Kinesis: every message a record, none twice', async () => {
    const sent = ids('kin', 1_000)
    await sendAll(sqs, url('to-kinesis'), orders('kin', 1_000))
    const flow = run(straight('in-queue', ['stream']), [
      connection('local', aws),
      sqsSource('in-queue', 'to-kinesis', { maxInFlight: 1_000, pollers: 4 }),
      {
        kind: 'sink.kinesis',
        name: 'stream',
        spec: { connection: 'local', stream: 'orders', partitionKey: '${msg:body.id}' },
      },
    ])
    await vi.waitFor(() => expect(flow.status().metrics.out).toBe(1_000), { timeout: 60_000, interval: 200 })
    await flow.stop(10_000)
    expect(tally(sent, (await readStream(kinesis, 'orders')).map(idOf))).toMatchObject({
      distinct: 1_000,
      duplicates: 0,
      lost: [],
    })
    expect(await queueDepth(sqs, url('to-kinesis'))).toEqual({ visible: 0, inFlight: 0 })
  }, 90_000)

  it('S3 → S3: an NDJSON object rewritten as gzip objects, every record once, the source moved once stored', async () => {
    const sent = ids('s3', 5_000)
    const text = sent.map((id, n) => JSON.stringify({ id, n, note: 'x'.repeat(80) })).join('\n')
    await s3.send(new PutObjectCommand({ Bucket: 'inbox', Key: 'in/batch.ndjson', Body: `${text}\n` }))
    const flow = run(straight('files', ['archive']), [
      connection('local', aws),
      {
        kind: 'source.s3',
        name: 'files',
        spec: {
          connection: 'local',
          bucket: 'inbox',
          prefix: 'in/',
          discovery: { mode: 'poll', schedule: { type: 'interval', seconds: 1 } },
          format: { type: 'ndjson' },
          afterRead: { action: 'move', prefix: 'done/' },
        },
      },
      {
        kind: 'sink.s3',
        name: 'archive',
        spec: {
          connection: 'local',
          bucket: 'archive',
          keyTemplate: 'out/${date:HHmmss}.ndjson.gz',
          format: { type: 'ndjson' },
          compression: 'gzip',
          rollover: { maxRecords: 2_000 },
        },
      },
    ])
    await vi.waitFor(
      async () => {
        const moved = await s3.send(new ListObjectsV2Command({ Bucket: 'inbox', Prefix: 'done/' }))
        expect(moved.KeyCount).toBe(1)
      },
      { timeout: 60_000, interval: 250 },
    )
    await flow.stop(10_000)
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'archive', Prefix: 'out/' }))
    const records: string[] = []
    for (const object of listed.Contents ?? []) {
      const got = await s3.send(new GetObjectCommand({ Bucket: 'archive', Key: object.Key }))
      const lines = gunzipSync((await got.Body?.transformToByteArray()) ?? new Uint8Array()).toString('utf8')
      records.push(...lines.trim().split('\n').map(idOf))
    }
    expect(listed.KeyCount).toBeGreaterThanOrEqual(3)
    expect(tally(sent, records)).toMatchObject({ distinct: 5_000, duplicates: 0, lost: [] })
    const inbox = await s3.send(new ListObjectsV2Command({ Bucket: 'inbox', Prefix: 'in/' }))
    expect(inbox.KeyCount).toBe(0)
  }, 90_000)

  it('fans out to three sinks with one failing for a while: each gets every message once, the source deletes only after all three', async () => {
    const flaky: FaultProxy = await startFaultProxy({
      upstream: aws.endpoints.kinesis,
      seed: 3,
      rates: { throttle: 1 },
    })
    try {
      const sent = ids('fan', 60)
      await sendAll(sqs, url('fan-in'), orders('fan', 60))
      const flow = run(straight('in-queue', ['queue', 'topic', 'stream']), [
        connection('local', aws),
        connection('flaky', aws, { kinesis: flaky.endpoint }),
        sqsSource('in-queue', 'fan-in', { maxInFlight: 100 }),
        { kind: 'sink.sqs', name: 'queue', spec: { connection: 'local', queue: 'copy-a' } },
        { kind: 'sink.sns', name: 'topic', spec: { connection: 'local', topicArn: topic('fan-topic') } },
        {
          kind: 'sink.kinesis',
          name: 'stream',
          spec: {
            connection: 'flaky',
            stream: 'fan-stream',
            partitionKey: '${msg:body.id}',
            retry: { maxAttempts: 100, initialBackoffMs: 50, maxBackoffMs: 500 },
          },
        },
      ])
      const copyA = await collect(sqs, url('copy-a'), { expected: 60 })
      const copyB = await collect(sqs, url('copy-b'), { expected: 60 })
      expect(await queueDepth(sqs, url('fan-in'))).toEqual({ visible: 0, inFlight: 60 })
      expect(await readStream(kinesis, 'fan-stream')).toEqual([])
      expect(flaky.stats().faults.throttle).toBeGreaterThan(0)

      flaky.setRates({})
      await vi.waitFor(
        async () => expect(await queueDepth(sqs, url('fan-in'))).toEqual({ visible: 0, inFlight: 0 }),
        {
          timeout: 30_000,
          interval: 250,
        },
      )
      await flow.stop(10_000)
      const streamed = (await readStream(kinesis, 'fan-stream')).map(idOf)
      const late = [
        ...(await collect(sqs, url('copy-a'), { expected: 0 })),
        ...(await collect(sqs, url('copy-b'), { expected: 0 })),
      ]
      expect(tally(sent, copyA.map(idOf))).toMatchObject({ distinct: 60, duplicates: 0, lost: [] })
      expect(tally(sent, copyB.map(idOf))).toMatchObject({ distinct: 60, duplicates: 0, lost: [] })
      expect(tally(sent, streamed)).toMatchObject({ distinct: 60, duplicates: 0, lost: [] })
      expect(late).toEqual([])
      expect(flow.status().metrics).toMatchObject({ in: 60, out: 60, errors: 0 })
    } finally {
      await flaky.stop()
    }
  }, 120_000)
})

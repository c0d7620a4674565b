import { gzipSync } from 'node:zlib'
import { GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns'
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope } from '../../runtime/envelope.ts'
import { sourceStarters } from '../index.ts'
import { sqsApi } from '../sqs/sqs-api.ts'
import { MemoryStateStore, testContext } from '../testing/context.ts'
import { localClients } from '../testing/local-clients.ts'
import { s3Spec } from '../testing/s3-harness.ts'
import { waitFor } from '../testing/source-conformance.ts'
import { s3Api } from './s3-api.ts'
import { S3Source } from './s3-source.ts'

let aws: LocalAws
let s3: S3Client
let sqs: SQSClient
let queues: Record<string, string>
let topics: Record<string, string>

beforeAll(async () => {
  aws = await startLocalAws()
  s3 = new S3Client({ ...aws.clientConfig('s3'), maxAttempts: 1 })
  sqs = new SQSClient({ ...aws.clientConfig('sqs'), maxAttempts: 1 })
  const created = await createResources(aws, {
    buckets: ['formats', 'policies', 'archive', 'notified'],
    queues: ['s3-events', 's3-events-sns'],
    topics: ['bucket-events'],
  })
  queues = created.queueUrls
  topics = created.topicArns
}, 60_000)

afterAll(async () => {
  s3?.destroy()
  sqs?.destroy()
  await aws?.stop()
})

async function put(bucket: string, key: string, body: string | Uint8Array): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))
}

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    return true
  } catch {
    return false
  }
}

/** Starts a source through the registered starter, acking everything it emits. */
function start(authored: object, state = new MemoryStateStore()) {
  const starter = sourceStarters.find((s) => s.kind === 'source.s3')
  const context = testContext({ clients: localClients(aws), state })
  const started = starter?.start({ connection: 'local', ...authored }, {}, context)
  const source = started?.component
  if (source === undefined) throw new Error(`not started: ${JSON.stringify(started?.issues)}`)
  const received: Envelope[] = []
  let failure: unknown
  const subscription = source.messages.subscribe({
    next: (e) => {
      received.push(e)
      e.ack()
    },
    error: (e) => {
      failure = e
    },
  })
  return {
    received,
    context,
    failure: () => failure,
    async finish() {
      await source.stop()
      await source.drained()
      subscription.unsubscribe()
      context.clients.destroy()
    },
  }
}

const poll = { mode: 'poll', schedule: { type: 'interval', seconds: 1 } }

async function readAll(prefix: string, format: object, count: number, fields: object = {}) {
  const run = start({ bucket: 'formats', prefix, discovery: poll, format, ...fields })
  await waitFor(() => run.received.length >= count, `${count} records from ${prefix}`)
  await run.finish()
  return run.received
}

describe('source.s3 formats against the local stack', () => {
  it('reads lines and NDJSON, an invalid line marked and the rest read', async () => {
    await put('formats', 'lines/a.txt', 'first\r\nsecond\n\nthird')
    expect((await readAll('lines/', { type: 'lines' }, 3)).map((e) => e.body)).toEqual([
      'first',
      'second',
      'third',
    ])
    await put('formats', 'ndjson/a.ndjson', '{"n":1}\nnot json\n{"n":3}\n')
    const records = await readAll('ndjson/', { type: 'ndjson' }, 3)
    expect(records.map((e) => e.body)).toEqual([{ n: 1 }, 'not json', { n: 3 }])
    expect(records[1]?.decodeError).toMatchObject({ code: 'source.invalid-json', permanent: true })
    expect(records[1]?.meta).toMatchObject({
      bucket: 'formats',
      key: 'ndjson/a.ndjson',
      line: 2,
      recordNumber: 2,
    })
  })

  it('reads CSV with a header, quoting and a ragged row', async () => {
    await put('formats', 'csv/a.csv', 'id;name\n1;"Doe; Jane"\n2;x;extra\n3;"say ""hi"""\n')
    const records = await readAll('csv/', { type: 'csv', delimiter: ';' }, 3)
    expect(records.map((e) => e.body)).toEqual([
      { id: '1', name: 'Doe; Jane' },
      '2;x;extra',
      { id: '3', name: 'say "hi"' },
    ])
    expect(records[1]?.decodeError).toMatchObject({ code: 'source.csv-ragged' })
  })

  it('reads a JSON array element by element, and whole objects', async () => {
    await put(
      'formats',
      'array/a.json',
      JSON.stringify([{ a: 1 }, [2, 3], 'four', { nested: { deep: [5] } }]),
    )
    const elements = await readAll('array/', { type: 'jsonArray' }, 4)
    expect(elements.map((e) => e.body)).toEqual([{ a: 1 }, [2, 3], 'four', { nested: { deep: [5] } }])
    await put('formats', 'whole/config.json', '{"enabled":true}')
    const [whole] = await readAll('whole/', { type: 'whole', decode: 'json' }, 1)
    expect(whole?.body).toEqual({ enabled: true })
  })

  it('gunzips objects recognised by their .gz key or by their magic bytes alone', async () => {
    await put('formats', 'gz/a.ndjson.gz', gzipSync('{"k":"suffix"}\n'))
    await put('formats', 'gz/b.ndjson', gzipSync('{"k":"magic"}\n'))
    const records = await readAll('gz/', { type: 'ndjson' }, 2, { ordering: 'key' })
    expect(records.map((e) => e.body)).toEqual([{ k: 'suffix' }, { k: 'magic' }])
  })
})

describe('source.s3 after-read policies against the local stack', () => {
  it('delete removes the object once its records are acked; progress reaches its size', async () => {
    await put('policies', 'del/a.txt', 'x\ny')
    const run = start({
      bucket: 'policies',
      prefix: 'del/',
      discovery: poll,
      format: { type: 'lines' },
      afterRead: { action: 'delete' },
    })
    await waitFor(() => run.received.length === 2, 'two records')
    await waitFor(() => run.context.log.at('info').includes('object read and committed'), 'the commit')
    expect(await exists('policies', 'del/a.txt')).toBe(false)
    const progress = run.context.metrics.history.filter((h) => h.progress !== undefined).at(-1)?.progress
    expect(progress).toMatchObject({
      bucket: 'policies',
      key: 'del/a.txt',
      bytesRead: 3,
      totalBytes: 3,
      records: 2,
    })
    await run.finish()
  })

  it('move copies the object under the destination prefix, keeping its sub-path, then deletes it', async () => {
    await put('policies', 'mv/2026/a.txt', 'moved')
    const run = start({
      bucket: 'policies',
      prefix: 'mv/',
      discovery: poll,
      format: { type: 'lines' },
      afterRead: { action: 'move', prefix: 'done/', bucket: 'archive' },
    })
    await waitFor(() => run.context.log.at('info').includes('object read and committed'), 'the commit')
    expect(await exists('archive', 'done/2026/a.txt')).toBe(true)
    expect(await exists('policies', 'mv/2026/a.txt')).toBe(false)
    await run.finish()
  })

  it('tag adds the tag, which reads back, and the object is not read again', async () => {
    await put('policies', 'tag/a.txt', 'tagged')
    const run = start({
      bucket: 'policies',
      prefix: 'tag/',
      discovery: poll,
      format: { type: 'lines' },
      afterRead: { action: 'tag', key: 'sluice-read', value: 'yes' },
    })
    await waitFor(() => run.context.log.at('info').includes('object read and committed'), 'the commit')
    const { TagSet } = await s3.send(new GetObjectTaggingCommand({ Bucket: 'policies', Key: 'tag/a.txt' }))
    expect(TagSet).toEqual([{ Key: 'sluice-read', Value: 'yes' }])
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    expect(run.received).toHaveLength(1)
    await run.finish()
  })

  it('keep stores a checkpoint that survives a restart with the same state store', async () => {
    await put('policies', 'keep/a.txt', 'once\ntwice')
    const state = new MemoryStateStore()
    const authored = { bucket: 'policies', prefix: 'keep/', discovery: poll, format: { type: 'lines' } }
    const first = start(authored, state)
    await waitFor(() => first.context.log.at('info').includes('object read and committed'), 'the commit')
    await first.finish()
    expect(first.received).toHaveLength(2)
    expect([...state.values.keys()]).toEqual(['source:source.s3:policies/keep/a.txt'])
    const restarted = start(authored, state)
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    await restarted.finish()
    expect(restarted.received).toHaveLength(0)
    const fresh = start(authored)
    await waitFor(() => fresh.received.length === 2, 'a fresh state reads it again')
    await fresh.finish()
  }, 20_000)

  it('fails messages with source.bucket-missing for a bucket that does not exist', async () => {
    const run = start({ bucket: 'no-such-bucket', discovery: poll, format: { type: 'lines' } })
    await waitFor(() => run.failure() !== undefined, 'the failure')
    expect(run.failure()).toMatchObject({ code: 'source.bucket-missing', permanent: true })
    await run.finish()
  })
})

function s3Event(bucket: string, key: string): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: bucket },
          object: { key: encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/') },
        },
      },
    ],
  })
}

async function queueEmpty(url: string): Promise<boolean> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  )
  return (
    Attributes?.ApproximateNumberOfMessages === '0' &&
    Attributes.ApproximateNumberOfMessagesNotVisible === '0'
  )
}

/**
 * fauxqs does not send bucket notifications (it has no PutBucketNotificationConfiguration), so
 * these tests put the S3 event JSON on the queue themselves: directly, and through an SNS topic.
 */
describe('source.s3 with event notifications against the local stack', () => {
  function notified(queue: string) {
    const clients = localClients(aws)
    const context = testContext({ clients })
    const spec = s3Spec({
      bucket: 'notified',
      prefix: 'in/',
      discovery: { mode: 'notifications', queue, visibilityTimeoutSeconds: 30 },
      afterRead: { action: 'delete' },
    })
    const source = new S3Source(spec, context, {
      s3: s3Api(clients.s3()),
      sqs: () => sqsApi(clients.sqs()),
      notificationWaitSeconds: 1,
    })
    const received: Envelope[] = []
    const subscription = source.messages.subscribe((e) => {
      received.push(e)
      e.ack()
    })
    return {
      received,
      async finish() {
        await source.stop()
        await source.drained()
        subscription.unsubscribe()
        clients.destroy()
      },
    }
  }

  it('reads the object a raw S3 event names (URL-encoded key) and deletes the event once committed', async () => {
    const url = queues['s3-events'] ?? ''
    await put('notified', 'in/daily report.txt', 'a\nb')
    await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ Event: 's3:TestEvent' }) }),
    )
    await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: s3Event('notified', 'in/daily report.txt') }),
    )
    const run = notified('s3-events')
    await waitFor(() => run.received.length === 2, 'two records')
    await run.finish()
    expect(run.received.map((e) => e.meta.key)).toEqual(['in/daily report.txt', 'in/daily report.txt'])
    expect(await exists('notified', 'in/daily report.txt')).toBe(false)
    expect(await queueEmpty(url)).toBe(true)
  })

  it('reads events that arrive wrapped by SNS', async () => {
    const sns = new SNSClient({ ...aws.clientConfig('sns'), maxAttempts: 1 })
    const url = queues['s3-events-sns'] ?? ''
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    )
    await sns.send(
      new SubscribeCommand({
        TopicArn: topics['bucket-events'],
        Protocol: 'sqs',
        Endpoint: Attributes?.QueueArn,
      }),
    )
    await put('notified', 'in/via-sns.txt', 'sns')
    await sns.send(
      new PublishCommand({
        TopicArn: topics['bucket-events'],
        Message: s3Event('notified', 'in/via-sns.txt'),
      }),
    )
    const run = notified('s3-events-sns')
    await waitFor(() => run.received.length === 1, 'the record')
    await run.finish()
    expect(run.received[0]?.body).toBe('sns')
    expect(await queueEmpty(url)).toBe(true)
    sns.destroy()
  })
})

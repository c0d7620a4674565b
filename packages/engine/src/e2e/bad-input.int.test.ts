import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import { type CreatedResources, createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startWorkflow, type WorkflowRun } from '../runtime/runner/workflow-run.ts'
import { connection, queueSource, straight, type TestAsset, testBundle } from './support/bundle.ts'
import { collect, queueDepth, sendAll } from './support/queues.ts'

const DENIED_ROLE = 'arn:aws:iam::000000000000:role/events-writer'

let aws: LocalAws
let created: CreatedResources
let sqs: SQSClient
const runs: WorkflowRun[] = []

beforeAll(async () => {
  aws = await startLocalAws({ roles: { 'events-writer': { deniedActions: ['events:PutEvents'] } } })
  created = await createResources(aws, {
    queues: ['big-in', 'json-in', 'missing-in', 'denied-in', 'secret-in', 'out', 'errors'],
    topics: ['small'],
    subscriptions: { small: ['out'] },
    buses: ['denied'],
    buckets: ['csv'],
  })
  sqs = new SQSClient(aws.clientConfig('sqs'))
  await sqs.send(
    new SetQueueAttributesCommand({ QueueUrl: url('errors'), Attributes: { MaximumMessageSize: '1048576' } }),
  )
}, 60_000)

afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.stop(5_000)))
  for (const queue of ['out', 'errors']) await collect(sqs, url(queue), { expected: 0, quietMs: 0 })
})

afterAll(async () => {
  sqs?.destroy()
  await aws?.stop()
})

function url(queue: string): string {
  return created.queueUrls[queue] ?? ''
}

/** Starts `source → sink`, with the `errors` queue as the error sink; the message attributes say why each failed. */
function start(source: TestAsset, sink: TestAsset, extra: readonly TestAsset[] = []): WorkflowRun {
  const errors: TestAsset = {
    kind: 'sink.sqs',
    name: 'errors',
    spec: {
      connection: 'local',
      queue: 'errors',
      messageAttributes: [{ name: 'why', value: '${msg:attributes}' }],
      batching: { maxBytes: 1_048_576 },
    },
  }
  const run = startWorkflow(
    testBundle(straight(source.name, [sink.name, 'errors'], 'errors'), [
      connection('local', aws),
      ...extra,
      source,
      sink,
      errors,
    ]),
    'fixture',
    { allowAmbient: false, backoff: { initialMs: 200, maxMs: 1_000 } },
  )
  runs.push(run)
  return run
}

const immediateRetry = (name: string, queue: string, extra: object = {}) =>
  queueSource(name, queue, { onNack: { mode: 'immediate' }, ...extra })
const toOut: TestAsset = { kind: 'sink.sqs', name: 'to-out', spec: { connection: 'local', queue: 'out' } }

/** The error code each message on the `errors` queue carries, with its body. */
async function routedErrors(expected: number): Promise<{ code: unknown; body: string }[]> {
  const found: { code: unknown; body: string }[] = []
  await vi.waitFor(
    async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url('errors'),
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      )
      for (const message of Messages) {
        const why: unknown = JSON.parse(message.MessageAttributes?.why?.StringValue ?? '{}')
        const code =
          typeof why === 'object' && why !== null && 'sluice.error.code' in why
            ? why['sluice.error.code']
            : undefined
        found.push({ code, body: message.Body ?? '' })
      }
      expect(found.length).toBeGreaterThanOrEqual(expected)
    },
    { timeout: 30_000, interval: 100 },
  )
  return found
}

describe('bad input: a coded error on the message or the workflow, the rest flowing, nothing lost', () => {
  it('a message over the sink’s size limit goes to the error sink as sink.too-large', async () => {
    await sendAll(sqs, url('big-in'), [
      ...Array.from({ length: 10 }, (_, i) => `small-${i}`),
      'x'.repeat(300_000),
    ])
    start(immediateRetry('big', 'big-in'), {
      kind: 'sink.sns',
      name: 'topic',
      spec: { connection: 'local', topicArn: created.topicArns.small },
    })
    const delivered = await collect(sqs, url('out'), { expected: 10 })
    const errors = await routedErrors(1)
    expect(delivered.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `small-${i}`).sort())
    expect(errors).toEqual([{ code: 'sink.too-large', body: 'x'.repeat(300_000) }])
    expect(await queueDepth(sqs, url('big-in'))).toEqual({ visible: 0, inFlight: 0 })
  }, 60_000)

  it('a body that is not JSON for a json source goes to the error sink as source.invalid-json', async () => {
    await sendAll(sqs, url('json-in'), ['{"n":1}', '{not json', '{"n":2}'])
    start(immediateRetry('json', 'json-in', { bodyFormat: 'json' }), toOut)
    const delivered = await collect(sqs, url('out'), { expected: 2 })
    expect(delivered.sort()).toEqual(['{"n":1}', '{"n":2}'])
    expect(await routedErrors(1)).toEqual([{ code: 'source.invalid-json', body: '{not json' }])
    expect(await queueDepth(sqs, url('json-in'))).toEqual({ visible: 0, inFlight: 0 })
  }, 60_000)

  it('a ragged CSV row goes to the error sink as source.csv-ragged, and the object is still committed', async () => {
    const s3 = new S3Client(aws.clientConfig('s3'))
    await s3.send(
      new PutObjectCommand({ Bucket: 'csv', Key: 'in/rows.csv', Body: 'id,name\n1,a\n2,b,extra\n3,c\n' }),
    )
    start(
      {
        kind: 'source.s3',
        name: 'rows',
        spec: {
          connection: 'local',
          bucket: 'csv',
          prefix: 'in/',
          discovery: { mode: 'poll', schedule: { type: 'interval', seconds: 1 } },
          format: { type: 'csv' },
          afterRead: { action: 'delete' },
        },
      },
      toOut,
    )
    const delivered = await collect(sqs, url('out'), { expected: 2 })
    expect(delivered.map((body) => JSON.parse(body))).toEqual([
      { id: '1', name: 'a' },
      { id: '3', name: 'c' },
    ])
    expect(await routedErrors(1)).toEqual([{ code: 'source.csv-ragged', body: '2,b,extra' }])
    await vi.waitFor(async () => {
      const { KeyCount } = await s3.send(new ListObjectsV2Command({ Bucket: 'csv' }))
      expect(KeyCount).toBe(0)
    })
    s3.destroy()
  }, 60_000)

  it('a sink queue that does not exist fails the workflow as a dependency (aws.not-found), then everything flows once it exists', async () => {
    await sendAll(sqs, url('missing-in'), ['a', 'b', 'c'])
    const run = start(immediateRetry('missing', 'missing-in'), {
      kind: 'sink.sqs',
      name: 'later',
      spec: { connection: 'local', queue: 'created-later' },
    })
    await vi.waitFor(() => expect(run.state).toBe('failed-dependency'), { timeout: 20_000 })
    expect(run.status().reason).toMatch(/SendMessageBatch to queue "created-later": not found/)
    expect(run.status().recentErrors.map((e) => e.code)).toContain('aws.not-found')
    const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'created-later' }))
    const delivered = await collect(sqs, QueueUrl, { expected: 3, timeoutMs: 30_000 })
    expect(delivered.sort()).toEqual(['a', 'b', 'c'])
    expect(run.state).toBe('running')
    expect(await collect(sqs, url('errors'), { expected: 0, quietMs: 500 })).toEqual([])
  }, 60_000)

  it('a source bucket that does not exist fails the workflow as a dependency naming the bucket', async () => {
    const run = start(
      {
        kind: 'source.s3',
        name: 'nowhere',
        spec: {
          connection: 'local',
          bucket: 'no-such-bucket',
          discovery: { mode: 'poll', schedule: { type: 'interval', seconds: 1 } },
          format: { type: 'lines' },
        },
      },
      toOut,
    )
    await vi.waitFor(() => expect(run.state).toBe('failed-dependency'), { timeout: 20_000 })
    expect(run.status().reason).toMatch(/bucket "no-such-bucket": not found/)
  }, 60_000)

  it('AccessDenied on the sink fails the workflow as a dependency naming the IAM action; no message is lost or error-routed', async () => {
    await sendAll(sqs, url('denied-in'), ['{"n":1}', '{"n":2}'])
    const run = start(
      immediateRetry('denied', 'denied-in'),
      {
        kind: 'sink.eventbridge',
        name: 'bus',
        spec: {
          connection: 'writer',
          eventBuses: ['denied'],
          source: 'sluice.e2e',
          detailType: 'T',
          detail: { from: 'body' },
        },
      },
      [
        {
          ...connection('writer', aws),
          spec: {
            ...connection('writer', aws).spec,
            auth: {
              mode: 'assumeRole',
              roleArn: DENIED_ROLE,
              source: { mode: 'accessKey', ...aws.credentials },
            },
          },
        },
      ],
    )
    await vi.waitFor(() => expect(run.state).toBe('failed-dependency'), { timeout: 20_000 })
    expect(run.status().reason).toMatch(/access denied\. Allow events:PutEvents/)
    expect(run.status().recentErrors.map((e) => e.code)).toContain('aws.access-denied')
    await run.stop(5_000)
    expect(await queueDepth(sqs, url('denied-in'))).toMatchObject({ visible: 2 })
    expect(await collect(sqs, url('errors'), { expected: 0, quietMs: 500 })).toEqual([])
  }, 60_000)

  it('an unknown secret stops the workflow before it starts, as failed-config naming the asset, field and code', async () => {
    await sendAll(sqs, url('secret-in'), ['kept'])
    const run = startWorkflow(
      testBundle(straight('in', ['to-out']), [
        {
          ...connection('local', aws),
          spec: {
            ...connection('local', aws).spec,
            auth: { mode: 'accessKey', accessKeyId: 'test', secretAccessKey: '${sec:vault/aws-key}' },
          },
        },
        immediateRetry('in', 'secret-in'),
        toOut,
      ]),
      'fixture',
      { allowAmbient: false },
    )
    expect(run.state).toBe('failed-config')
    expect(run.problems).toContainEqual(
      expect.objectContaining({ asset: 'connection.aws/local', path: '/spec/auth/secretAccessKey' }),
    )
    expect(run.problems.every((p) => p.code !== '' && p.message.includes('vault'))).toBe(true)
    expect(await queueDepth(sqs, url('secret-in'))).toEqual({ visible: 1, inFlight: 0 })
  })
})

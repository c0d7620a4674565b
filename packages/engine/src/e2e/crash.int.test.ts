import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { type CreatedResources, createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { connection, queueSource, SHORT_VISIBILITY, type TestAsset, testBundle } from './support/bundle.ts'
import { collect, queueDepth, sendAll } from './support/queues.ts'
import { killStartedSluice, type SluiceProcess, startSluice } from './support/sluice-run.ts'
import { readStream } from './support/streams.ts'
import { idOf, ids, tally } from './support/tally.ts'

/** Messages a source holds at once: what a crash can make arrive twice. */
const WINDOW = 100
const OUT = 'sluice_workflow_out_total'

let aws: LocalAws
let created: CreatedResources
let dir: string
let sqs: SQSClient

beforeAll(async () => {
  aws = await startLocalAws()
  created = await createResources(aws, {
    queues: ['crash-in', 'crash-out', 'idle-in', 'idle-out'],
    streams: ['crash'],
    buckets: ['crash-inbox'],
  })
  dir = await mkdtemp(join(tmpdir(), 'sluice-crash-'))
  sqs = new SQSClient(aws.clientConfig('sqs'))
}, 60_000)

afterEach(() => killStartedSluice())

afterAll(async () => {
  killStartedSluice()
  sqs?.destroy()
  await aws?.stop()
  await rm(dir, { recursive: true, force: true })
})

function url(queue: string): string {
  return created.queueUrls[queue] ?? ''
}

/** Writes a bundle of `source → throttle → sink` and returns the `sluice run` arguments for it. */
async function runArgs(name: string, ratePerSecond: number, assets: readonly TestAsset[]): Promise<string[]> {
  const [source, sink] = assets.slice(-2)
  const workflow = {
    nodes: [
      { id: 'in', type: 'source', asset: source?.name },
      { id: 'pace', type: 'throttle', ratePerSecond, burst: 50 },
      { id: 'out', type: 'sink', asset: sink?.name },
    ],
    links: [
      { from: 'in', to: 'pace' },
      { from: 'pace', to: 'out' },
    ],
  }
  const file = join(dir, `${name}.json`)
  await writeFile(file, JSON.stringify(testBundle(workflow, assets)))
  return [
    'run',
    file,
    '--workflow',
    'fixture',
    '--metrics-port',
    '0',
    '--drain-timeout',
    '10',
    '--state-dir',
    join(dir, name),
  ]
}

/** Runs until the workflow has delivered `count`, then SIGKILLs it. */
async function killMidway(run: SluiceProcess, count: number): Promise<number> {
  await vi.waitFor(async () => expect(await run.metric(OUT)).toBeGreaterThanOrEqual(count), {
    timeout: 90_000,
    interval: 100,
  })
  const delivered = await run.metric(OUT)
  run.child.kill('SIGKILL')
  expect(await run.exited).toBe('SIGKILL')
  return delivered
}

async function stopCleanly(run: SluiceProcess): Promise<void> {
  run.child.kill('SIGTERM')
  expect(await run.exited).toBe(0)
}

const sqsSource = (queue: string, extra: object = {}): TestAsset =>
  queueSource('in-queue', queue, { bodyFormat: 'json', ...SHORT_VISIBILITY, maxInFlight: WINDOW, ...extra })

describe('sluice run killed with SIGKILL in the middle of a flow, then restarted', () => {
  it('SQS → Kinesis: every message arrives at least once; duplicates within the in-flight window', async () => {
    const sent = ids('crash', 1_500)
    await sendAll(
      sqs,
      url('crash-in'),
      sent.map((id) => JSON.stringify({ id })),
    )
    const args = await runArgs('sqs-kinesis', 300, [
      connection('local', aws),
      sqsSource('crash-in'),
      {
        kind: 'sink.kinesis',
        name: 'stream',
        spec: { connection: 'local', stream: 'crash', partitionKey: '${msg:body.id}' },
      },
    ])
    const delivered = await killMidway(startSluice(args), 400)
    const second = startSluice(args)
    await vi.waitFor(
      async () => expect(await queueDepth(sqs, url('crash-in'))).toEqual({ visible: 0, inFlight: 0 }),
      {
        timeout: 90_000,
        interval: 500,
      },
    )
    await stopCleanly(second)
    const kinesis = new KinesisClient(aws.clientConfig('kinesis'))
    const counts = tally(sent, (await readStream(kinesis, 'crash')).map(idOf))
    kinesis.destroy()
    console.info(
      `crash SQS → Kinesis: killed after ${delivered} delivered; sent ${counts.sent}, received ${counts.received}, ` +
        `duplicates ${counts.duplicates} (window ${WINDOW}), lost ${counts.lost.length}`,
    )
    expect(counts).toMatchObject({ distinct: sent.length, lost: [], unexpected: [] })
    expect(counts.duplicates).toBeLessThanOrEqual(WINDOW)
  }, 240_000)

  it('S3 → SQS: every record arrives at least once; duplicates within the objects in flight', async () => {
    const s3 = new S3Client(aws.clientConfig('s3'))
    const objects = 6
    const perObject = 300
    const sent = ids('obj', objects * perObject)
    for (let o = 0; o < objects; o++) {
      const lines = sent.slice(o * perObject, (o + 1) * perObject).map((id) => JSON.stringify({ id }))
      await s3.send(
        new PutObjectCommand({ Bucket: 'crash-inbox', Key: `in/${o}.ndjson`, Body: `${lines.join('\n')}\n` }),
      )
    }
    const args = await runArgs('s3-sqs', 300, [
      connection('local', aws),
      {
        kind: 'source.s3',
        name: 'files',
        spec: {
          connection: 'local',
          bucket: 'crash-inbox',
          prefix: 'in/',
          discovery: { mode: 'poll', schedule: { type: 'interval', seconds: 1 } },
          format: { type: 'ndjson' },
          afterRead: { action: 'delete' },
          maxObjectsInFlight: 2,
        },
      },
      { kind: 'sink.sqs', name: 'queue', spec: { connection: 'local', queue: 'crash-out' } },
    ])
    const delivered = await killMidway(startSluice(args), 700)
    const second = startSluice(args)
    await vi.waitFor(
      async () =>
        expect((await s3.send(new ListObjectsV2Command({ Bucket: 'crash-inbox' }))).KeyCount).toBe(0),
      { timeout: 90_000, interval: 500 },
    )
    await stopCleanly(second)
    s3.destroy()
    const arrived = await collect(sqs, url('crash-out'), { expected: sent.length })
    const counts = tally(sent, arrived.map(idOf))
    const window = 2 * perObject
    console.info(
      `crash S3 → SQS: killed after ${delivered} delivered; sent ${counts.sent}, received ${counts.received}, ` +
        `duplicates ${counts.duplicates} (window: 2 objects of ${perObject} records), lost ${counts.lost.length}`,
    )
    expect(counts).toMatchObject({ distinct: sent.length, lost: [], unexpected: [] })
    expect(counts.duplicates).toBeLessThanOrEqual(window)
  }, 240_000)

  it('on an idle queue, exits soon after SIGTERM instead of waiting out its long poll', async () => {
    const args = await runArgs('idle', 100, [
      connection('local', aws),
      sqsSource('idle-in', { waitTimeSeconds: 20 }),
      { kind: 'sink.sqs', name: 'queue', spec: { connection: 'local', queue: 'idle-out' } },
    ])
    const run = startSluice(args)
    await run.metricsUrl()
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    const signalled = Date.now()
    await stopCleanly(run)
    const seconds = (Date.now() - signalled) / 1000
    console.info(`sluice run on an idle queue exited ${seconds.toFixed(2)} s after SIGTERM (long poll 20 s)`)
    expect(seconds).toBeLessThan(10)
  }, 90_000)
})

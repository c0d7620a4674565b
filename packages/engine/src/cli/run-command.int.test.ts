import { type ChildProcess, spawn } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis'
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { bundle, CLI_ENTRY } from '../build/bundle.ts'
import { ENGINE_NODE_FLAGS } from '../build/node-flags.ts'

const root = join(import.meta.dirname, '..', '..', '..', '..')
const ORDERS = 20
const LARGE = 5

describe('sluice run, from the bundled CLI with the flags nodes run with, on the demo project against the local stack', () => {
  let aws: LocalAws
  let dir: string
  let sqs: SQSClient
  let queueUrls: Record<string, string>
  let child: ChildProcess | undefined
  let stderr = ''
  let cli = ''

  beforeAll(async () => {
    aws = await startLocalAws()
    dir = await mkdtemp(join(tmpdir(), 'sluice-run-demo-'))
    cli = (await bundle(CLI_ENTRY, join(dir, 'dist', 'sluice.mjs'))).outfile
    await cp(join(root, 'examples', 'demo'), dir, { recursive: true })
    const environment = join(dir, 'resources', 'environments', 'local.yaml')
    const text = (await readFile(environment, 'utf8'))
      .replace('http://127.0.0.1:4566', aws.endpoints.sqs)
      .replace('http://127.0.0.1:4567', aws.endpoints.kinesis)
      .replace('http://127.0.0.1:4568', aws.endpoints.eventbridge)
    await writeFile(environment, text)
    const created = await createResources(aws, {
      buckets: ['sluice-demo-inbox', 'sluice-demo-archive'],
      queues: ['sluice-demo-orders', 'sluice-demo-audit', 'alerts-tap'],
      topics: ['sluice-demo-order-events'],
      streams: ['sluice-demo-orders'],
      buses: ['sluice-demo'],
      subscriptions: { 'sluice-demo-order-events': ['alerts-tap'] },
    })
    queueUrls = created.queueUrls
    sqs = new SQSClient(aws.clientConfig('sqs'))
    for (let batch = 0; batch < ORDERS / 10; batch++)
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrls['sluice-demo-orders'],
          Entries: Array.from({ length: 10 }, (_, i) => {
            const n = batch * 10 + i
            const price = n < LARGE ? 600 : 20
            return {
              Id: `o${n}`,
              MessageBody: JSON.stringify({
                orderId: `o-${n}`,
                customerId: `c-${n % 3}`,
                items: [{ qty: 2, price }],
              }),
            }
          }),
        }),
      )
  }, 120_000)

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL')
    sqs?.destroy()
    await aws?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  const sluiceRun = (workflow: string) => {
    stderr = ''
    const process = spawn(
      globalThis.process.execPath,
      [
        ...ENGINE_NODE_FLAGS,
        cli,
        'run',
        dir,
        '--workflow',
        workflow,
        '--environment',
        'local',
        '--key',
        join(root, 'examples', 'demo-keys', 'demo-cluster.key'),
        '--metrics-port',
        '0',
        '--drain-timeout',
        '30',
        '--state-dir',
        join(dir, '.state'),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = process
    process.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const exited = new Promise<number | null>((resolve) => process.on('exit', (code) => resolve(code)))
    return { process, exited }
  }

  it('delivers every order to every branch, deletes them from the queue, and drains on SIGTERM', async () => {
    const { process, exited } = sluiceRun('orders-fanout')

    const metricsUrl = await vi.waitFor(
      () => {
        const match = /"url":"(http:\/\/127\.0\.0\.1:\d+\/metrics)"/.exec(stderr)
        if (!match?.[1]) throw new Error(`no metrics server yet:\n${stderr}`)
        return match[1]
      },
      { timeout: 60_000, interval: 200 },
    )

    const audit = await drainQueue(sqs, queueUrls['sluice-demo-audit'] ?? '', ORDERS - LARGE)
    expect(audit.map((m) => m.orderId).sort()).toEqual(
      Array.from({ length: ORDERS - LARGE }, (_, i) => `o-${i + LARGE}`).sort(),
    )
    const alerts = await drainQueue(sqs, queueUrls['alerts-tap'] ?? '', LARGE)
    expect(alerts).toHaveLength(LARGE)
    await vi.waitFor(
      () => expect(aws.standIn.events().filter((e) => e.busName === 'sluice-demo')).toHaveLength(ORDERS),
      {
        timeout: 30_000,
        interval: 250,
      },
    )
    expect(await kinesisRecords(aws)).toBe(ORDERS)
    await vi.waitFor(
      async () => {
        const attributes = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queueUrls['sluice-demo-orders'],
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        )
        expect(attributes.Attributes?.ApproximateNumberOfMessages).toBe('0')
        expect(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('0')
      },
      { timeout: 30_000, interval: 250 },
    )
    const metrics = await (await fetch(metricsUrl)).text()
    expect(metrics).toContain(
      `sluice_workflow_out_total{deployment="sluice-run",workflow="orders-fanout"} ${ORDERS}`,
    )
    expect(metrics).toContain(
      'sluice_workflow_errors_total{deployment="sluice-run",workflow="orders-fanout"} 0',
    )

    process.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stderr).toContain('SIGTERM: draining orders-fanout')
    expect(stderr).toMatch(/orders-fanout (running|draining|stopped) {2}in 20/)
    expect(stderr).not.toContain('"test"')
  }, 180_000)

  it('archives the paid lines of an NDJSON file to S3, and moves the file once they are stored', async () => {
    const s3 = new S3Client(aws.clientConfig('s3'))
    try {
      const lines = Array.from({ length: 12 }, (_, i) =>
        JSON.stringify({ invoice: i, status: i % 3 ? 'paid' : 'open' }),
      )
      await s3.send(
        new PutObjectCommand({
          Bucket: 'sluice-demo-inbox',
          Key: 'invoices/2026/batch-1.ndjson',
          Body: `${lines.join('\n')}\n`,
        }),
      )
      const { process, exited } = sluiceRun('invoices-archive')
      await vi.waitFor(() => expect(stderr).toMatch(/invoices-archive running {2}in 12 /), {
        timeout: 60_000,
        interval: 250,
      })
      process.kill('SIGTERM')
      expect(await exited).toBe(0)
      const archived = await s3.send(
        new ListObjectsV2Command({ Bucket: 'sluice-demo-archive', Prefix: 'paid/' }),
      )
      const keys = (archived.Contents ?? []).map((o) => o.Key ?? '')
      expect(keys).toHaveLength(1)
      const object = await s3.send(new GetObjectCommand({ Bucket: 'sluice-demo-archive', Key: keys[0] }))
      const text = gunzipSync((await object.Body?.transformToByteArray()) ?? new Uint8Array()).toString(
        'utf8',
      )
      const stored = text
        .trim()
        .split('\n')
        .map((line): unknown => JSON.parse(line))
      expect(
        stored.map((r) => (typeof r === 'object' && r !== null && 'invoice' in r ? r.invoice : r)),
      ).toEqual([1, 2, 4, 5, 7, 8, 10, 11])
      const inbox = await s3.send(new ListObjectsV2Command({ Bucket: 'sluice-demo-inbox' }))
      expect((inbox.Contents ?? []).map((o) => o.Key)).toEqual(['done/invoices/2026/batch-1.ndjson'])
    } finally {
      s3.destroy()
    }
  }, 180_000)
})

async function drainQueue(sqs: SQSClient, url: string, expected: number): Promise<{ orderId?: unknown }[]> {
  const bodies: { orderId?: unknown }[] = []
  await vi.waitFor(
    async () => {
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      )
      const messages = received.Messages ?? []
      for (const message of messages) {
        const body: unknown = JSON.parse(message.Body ?? 'null')
        const payload =
          typeof body === 'object' && body !== null && 'Message' in body && typeof body.Message === 'string'
            ? JSON.parse(body.Message)
            : body
        bodies.push(typeof payload === 'object' && payload !== null ? payload : {})
      }
      if (messages.length > 0)
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        )
      expect(bodies.length).toBeGreaterThanOrEqual(expected)
    },
    { timeout: 60_000, interval: 100 },
  )
  return bodies
}

async function kinesisRecords(aws: LocalAws): Promise<number> {
  const kinesis = new KinesisClient(aws.clientConfig('kinesis'))
  try {
    const shards = await kinesis.send(new ListShardsCommand({ StreamName: 'sluice-demo-orders' }))
    let count = 0
    for (const shard of shards.Shards ?? []) {
      const iterator = await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: 'sluice-demo-orders',
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
      const records = await kinesis.send(
        new GetRecordsCommand({ ShardIterator: iterator.ShardIterator, Limit: 1000 }),
      )
      count += records.Records?.length ?? 0
    }
    return count
  } finally {
    kinesis.destroy()
  }
}

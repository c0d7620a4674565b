import { randomBytes } from 'node:crypto'
import { PassThrough } from 'node:stream'
import { createGzip } from 'node:zlib'
import { PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { PutRecordsCommand } from '@aws-sdk/client-kinesis'
import { PublishBatchCommand } from '@aws-sdk/client-sns'
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs'
import { Upload } from '@aws-sdk/lib-storage'
import type { AwsClients } from '@sluice/aws'
import type { ComponentStarter } from '../../runtime/components.ts'
import type { Sink, SinkMetrics } from '../../runtime/contracts.ts'
import { sinkStarters } from '../index.ts'
import { localClients } from '../testing/local-stack.ts'
import { RecordingLog, RecordingMetrics } from '../testing/sink-context.ts'
import { feed, rssPeak } from './feed.ts'

/** Where the stack listens and what the bench created in it. */
export interface BenchTargets {
  readonly endpoints: Record<'s3' | 'sqs' | 'sns' | 'kinesis' | 'eventbridge' | 'sts', string>
  readonly region: string
  readonly queueUrl: string
  readonly topicArn: string
  readonly stream: string
  readonly bus: string
  readonly bucket: string
}

/** One measured run. */
export interface PhaseResult {
  readonly phase: string
  readonly items: number
  readonly seconds: number
  readonly perSecond: number
  readonly peakRssMiB: number
  readonly batchFill?: number
  readonly calls?: number
  readonly failed?: number
  readonly note?: string
}

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' }
const WINDOW = 2_000
const small = (n: number) => ({ n, kind: 'order', pad: 'x'.repeat(160) })
/** Records of about 1 KiB the S3 phases write; `BENCH_S3_RECORDS` changes it, to see memory stay flat. */
const S3_RECORDS = Number(process.env.BENCH_S3_RECORDS ?? 100_000)
const S3_WINDOW = 20_000
const s3Record = (n: number) => ({ n, data: randomBytes(750).toString('base64') })

/** SDK clients on the stack, made as the engine makes them (HTTP/1.1, one attempt per call). */
export function benchClients(targets: Pick<BenchTargets, 'endpoints' | 'region'>): AwsClients {
  return localClients({ ...targets, credentials: CREDENTIALS })
}

async function engine(
  targets: BenchTargets,
  phase: string,
  kind: string,
  spec: Record<string, unknown>,
  count: number,
  window: number,
  body: (n: number) => unknown,
): Promise<PhaseResult> {
  const clients = benchClients(targets)
  const starter: ComponentStarter<Sink, SinkMetrics> | undefined = sinkStarters.find((s) => s.kind === kind)
  if (starter === undefined) throw new Error(`no sink for ${kind}`)
  const metrics = new RecordingMetrics()
  const started = starter.start(
    { connection: 'bench', ...spec },
    {},
    {
      workflow: 'bench',
      node: 'sink',
      asset: 'bench',
      clients,
      log: new RecordingLog(),
      state: { get: async () => undefined, set: async () => undefined, delete: async () => undefined },
      signal: new AbortController().signal,
      metrics,
    },
  )
  if (started.component === undefined) throw new Error(JSON.stringify(started.issues))
  const peak = rssPeak()
  const start = performance.now()
  const result = await feed(started.component, count, window, body)
  const seconds = (performance.now() - start) / 1000
  clients.destroy()
  const calls = metrics.batches.length
  const fill = metrics.batches.reduce((sum, b) => sum + b.entries / b.maxEntries, 0) / Math.max(1, calls)
  return {
    phase,
    items: result.acked,
    seconds,
    perSecond: result.acked / seconds,
    peakRssMiB: peak(),
    batchFill: fill,
    calls,
    failed: result.nacked,
    ...(result.firstError === undefined ? {} : { note: result.firstError }),
  }
}

async function plain(
  phase: string,
  count: number,
  perCall: number,
  concurrency: number,
  call: (first: number, size: number) => Promise<unknown>,
): Promise<PhaseResult> {
  const peak = rssPeak()
  const start = performance.now()
  let next = 0
  const worker = async () => {
    while (next < count) {
      const first = next
      const size = Math.min(perCall, count - first)
      next += size
      await call(first, size)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const seconds = (performance.now() - start) / 1000
  return {
    phase,
    items: count,
    seconds,
    perSecond: count / seconds,
    peakRssMiB: peak(),
    calls: Math.ceil(count / perCall),
  }
}

const range = (first: number, size: number) => Array.from({ length: size }, (_, i) => first + i)

/** Every phase, by name: the engine's sink, and a hand-written SDK loop doing the same work. */
export const phases: Record<string, (targets: BenchTargets) => Promise<PhaseResult>> = {
  'sqs-engine': (t) =>
    engine(
      t,
      'sqs-engine',
      'sink.sqs',
      { queue: t.queueUrl, messageAttributes: [{ name: 'kind', value: '${msg:body.kind}' }] },
      20_000,
      WINDOW,
      small,
    ),
  'sqs-plain': (t) => {
    const sqs = benchClients(t).sqs()
    return plain('sqs-plain', 20_000, 10, 16, (first, size) =>
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: t.queueUrl,
          Entries: range(first, size).map((n, i) => ({
            Id: String(i),
            MessageBody: JSON.stringify(small(n)),
            MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } },
          })),
        }),
      ),
    )
  },
  'sns-engine': (t) =>
    engine(
      t,
      'sns-engine',
      'sink.sns',
      { topicArn: t.topicArn, messageAttributes: [{ name: 'kind', value: '${msg:body.kind}' }] },
      20_000,
      WINDOW,
      small,
    ),
  'sns-plain': (t) => {
    const sns = benchClients(t).sns()
    return plain('sns-plain', 20_000, 10, 16, (first, size) =>
      sns.send(
        new PublishBatchCommand({
          TopicArn: t.topicArn,
          PublishBatchRequestEntries: range(first, size).map((n, i) => ({
            Id: String(i),
            Message: JSON.stringify(small(n)),
            MessageAttributes: { kind: { DataType: 'String', StringValue: 'order' } },
          })),
        }),
      ),
    )
  },
  'kinesis-engine': (t) =>
    engine(
      t,
      'kinesis-engine',
      'sink.kinesis',
      { stream: t.stream, partitionKey: 'p-${msg:body.n}' },
      20_000,
      WINDOW,
      small,
    ),
  'kinesis-plain': (t) => {
    const kinesis = benchClients(t).kinesis()
    return plain('kinesis-plain', 20_000, 500, 4, (first, size) =>
      kinesis.send(
        new PutRecordsCommand({
          StreamName: t.stream,
          Records: range(first, size).map((n) => ({
            Data: Buffer.from(JSON.stringify(small(n))),
            PartitionKey: `p-${n}`,
          })),
        }),
      ),
    )
  },
  'eventbridge-engine': (t) =>
    engine(
      t,
      'eventbridge-engine',
      'sink.eventbridge',
      { eventBuses: [t.bus], source: 'com.example.bench', detailType: 'Order' },
      5_000,
      WINDOW,
      small,
    ),
  'eventbridge-plain': (t) => {
    const events = benchClients(t).eventBridge()
    return plain('eventbridge-plain', 5_000, 10, 8, (first, size) =>
      events.send(
        new PutEventsCommand({
          Entries: range(first, size).map((n) => ({
            EventBusName: t.bus,
            Source: 'com.example.bench',
            DetailType: 'Order',
            Detail: JSON.stringify(small(n)),
          })),
        }),
      ),
    )
  },
  's3-engine': (t) =>
    engine(
      t,
      's3-engine',
      'sink.s3',
      {
        bucket: t.bucket,
        keyTemplate: 'bench/${date:HHmmss-SSS}.ndjson.gz',
        format: { type: 'ndjson' },
        compression: 'gzip',
        rollover: { maxRecords: S3_WINDOW },
        onExists: 'overwrite',
      },
      S3_RECORDS,
      S3_WINDOW,
      s3Record,
    ),
  's3-plain': async (t) => {
    const s3 = benchClients(t).s3()
    const peak = rssPeak()
    const start = performance.now()
    for (let object = 0; object < S3_RECORDS / S3_WINDOW; object++) {
      const gzip = createGzip()
      const body = new PassThrough()
      gzip.pipe(body)
      const upload = new Upload({
        client: s3,
        params: { Bucket: t.bucket, Key: `plain/${object}.ndjson.gz`, Body: body },
        partSize: 8 * 1024 * 1024,
        queueSize: 4,
      })
      const done = upload.done()
      for (let n = object * S3_WINDOW; n < (object + 1) * S3_WINDOW; n++) {
        if (!gzip.write(`${JSON.stringify(s3Record(n))}\n`)) await new Promise((r) => gzip.once('drain', r))
      }
      gzip.end()
      await done
    }
    const seconds = (performance.now() - start) / 1000
    return {
      phase: 's3-plain',
      items: S3_RECORDS,
      seconds,
      perSecond: S3_RECORDS / seconds,
      peakRssMiB: peak(),
    }
  },
}

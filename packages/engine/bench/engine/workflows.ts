/**
 * The engine's side of each comparison: `startWorkflow` in this process (a phase process of its
 * own), on a bundle with real sources and sinks, timed from the start until every item is
 * delivered and the run has drained.
 */
import { connection, straight, type TestAsset, testBundle } from '../../src/e2e/support/bundle.ts'
import { startWorkflow } from '../../src/runtime/runner/workflow-run.ts'
import { rssPeak } from '../../src/sinks/bench/feed.ts'
import { PUTS_IN_FLIGHT, RECEIVERS } from './plain.ts'
import { cpuSeconds, type PhaseResult, rssMiB, stackOf, type Targets } from './targets.ts'

async function measuredRun(
  phase: string,
  t: Targets,
  source: TestAsset,
  sink: TestAsset,
): Promise<PhaseResult> {
  const baselineRssMiB = rssMiB()
  const peak = rssPeak()
  const cpu = process.cpuUsage()
  const start = performance.now()
  const run = startWorkflow(
    testBundle(straight(source.name, [sink.name]), [connection('bench', stackOf(t)), source, sink]),
    'fixture',
    { allowAmbient: false },
  )
  if (run.state !== 'running') throw new Error(`${phase}: ${run.state} ${run.status().reason ?? ''}`)
  while (run.status().metrics.out < t.count) {
    if (run.state !== 'running') throw new Error(`${phase}: ${run.state} ${run.status().reason ?? ''}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await run.stop(30_000)
  const seconds = (performance.now() - start) / 1000
  const { out, batchFill } = run.status().metrics
  return {
    phase,
    items: out,
    seconds,
    perSecond: out / seconds,
    perCpuSecond: out / cpuSeconds(cpu),
    peakRssMiB: peak(),
    baselineRssMiB,
    batchFill,
  }
}

/**
 * Messages the SQS source holds at once: enough for full PublishBatch calls in flight before SNS,
 * and for four PutRecords calls of 500 plus the next one filling before Kinesis.
 */
export const QUEUE_IN_FLIGHT = { sns: 400, kinesis: 2_500 } as const
/** Records the S3 source holds at once. */
export const OBJECT_RECORDS_IN_FLIGHT = 2_000

const queueSource = (t: Targets, bodyFormat: 'raw' | 'json', maxInFlight: number): TestAsset => ({
  kind: 'source.sqs',
  name: 'queue',
  spec: {
    connection: 'bench',
    queue: t.queueUrl,
    bodyFormat,
    waitTimeSeconds: 1,
    pollers: RECEIVERS,
    maxInFlight,
    attributeNames: [],
    systemAttributes: [],
  },
})

const streamSink = (t: Targets): TestAsset => ({
  kind: 'sink.kinesis',
  name: 'stream',
  spec: {
    connection: 'bench',
    stream: t.stream,
    partitionKey: '${msg:body.id}',
    maxInFlight: PUTS_IN_FLIGHT,
    batching: { lingerMs: 100 },
  },
})

/** SQS → SNS. */
export function engineSqsSns(t: Targets): Promise<PhaseResult> {
  return measuredRun('sqs-sns-engine', t, queueSource(t, 'raw', QUEUE_IN_FLIGHT.sns), {
    kind: 'sink.sns',
    name: 'topic',
    spec: { connection: 'bench', topicArn: t.topicArn },
  })
}

/** SQS → Kinesis, with a linger of 100 ms (as after S3). */
export function engineSqsKinesis(t: Targets): Promise<PhaseResult> {
  return measuredRun('sqs-kinesis-engine', t, queueSource(t, 'json', QUEUE_IN_FLIGHT.kinesis), streamSink(t))
}

/** S3 → Kinesis: one NDJSON object read as a stream. */
export function engineS3Kinesis(t: Targets): Promise<PhaseResult> {
  return measuredRun(
    's3-kinesis-engine',
    t,
    {
      kind: 'source.s3',
      name: 'object',
      spec: {
        connection: 'bench',
        bucket: t.bucket,
        prefix: t.key.slice(0, t.key.lastIndexOf('/') + 1),
        discovery: { mode: 'poll', schedule: { type: 'interval', seconds: 3_600 } },
        format: { type: 'ndjson' },
        maxRecordsInFlight: OBJECT_RECORDS_IN_FLIGHT,
      },
    },
    streamSink(t),
  )
}

/**
 * The engine's side of each comparison: `startWorkflow` in this process (a phase process of its
 * own), on a bundle with real sources and sinks, timed from the start until every item is
 * delivered and the run has drained.
 */
import { connection, straight, type TestAsset, testBundle } from '../../src/e2e/support/bundle.ts'
import { startWorkflow } from '../../src/runtime/runner/workflow-run.ts'
import { rssPeak } from '../../src/sinks/bench/feed.ts'
import { PUTS_IN_FLIGHT, RECEIVERS } from './plain.ts'
import { queueLeft } from './setup.ts'
import { cpuSeconds, type PhaseResult, rssMiB, stackOf, type Targets } from './targets.ts'

/**
 * Runs the workflow until `count` items are out and `finished` says the input is done with (for
 * SQS: every message deleted, as the plain loop's clock counts); the drain after that is not timed.
 */
async function measuredRun(
  phase: string,
  t: Targets,
  source: TestAsset,
  sink: TestAsset,
  finished: () => Promise<boolean> = async () => true,
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
  while (!(await finished())) await new Promise((resolve) => setTimeout(resolve, 20))
  const seconds = (performance.now() - start) / 1000
  await run.stop(30_000)
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
 * Messages the SQS source holds at once: before SNS, what the sink can have in flight (16
 * PublishBatch calls of 10), since more only lengthens what each young-generation collection
 * copies under the nodes' 4 MiB semi-spaces; before Kinesis, the `PUTS_IN_FLIGHT` PutRecords calls
 * of 500 plus the next one filling, as the plain loop holds (2,500 measured about 5 % slower in
 * four rounds out of four, from the extra collection work).
 */
export const QUEUE_IN_FLIGHT = { sns: 160, kinesis: (PUTS_IN_FLIGHT + 1) * 500 } as const
/**
 * How long a Kinesis batch may wait to fill: about what 500 records take to arrive from 4 SQS
 * pollers on the emulator, so batches leave full, as the plain loop's do, instead of every 100 ms.
 */
export const KINESIS_LINGER_MS = 500
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
    batching: { lingerMs: KINESIS_LINGER_MS },
  },
})

const queueEmpty = (t: Targets) => async () => (await queueLeft(t, t.queueUrl)) === 0

/** SQS → SNS. */
export function engineSqsSns(t: Targets): Promise<PhaseResult> {
  return measuredRun(
    'sqs-sns-engine',
    t,
    queueSource(t, 'raw', QUEUE_IN_FLIGHT.sns),
    { kind: 'sink.sns', name: 'topic', spec: { connection: 'bench', topicArn: t.topicArn } },
    queueEmpty(t),
  )
}

/** SQS → Kinesis, with the same sink as after S3. */
export function engineSqsKinesis(t: Targets): Promise<PhaseResult> {
  return measuredRun(
    'sqs-kinesis-engine',
    t,
    queueSource(t, 'json', QUEUE_IN_FLIGHT.kinesis),
    streamSink(t),
    queueEmpty(t),
  )
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

import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs'
import {
  type CreatedResources,
  createResources,
  type FaultProxy,
  type FaultRates,
  type FaultStats,
  type LocalAws,
  startFaultProxy,
  startLocalAws,
} from '@sluice/aws-local'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startWorkflow, type WorkflowRun } from '../runtime/runner/workflow-run.ts'
import {
  connection,
  queueSource,
  SHORT_VISIBILITY,
  straight,
  type TestAsset,
  testBundle,
} from './support/bundle.ts'
import { collect, queueDepth, sendAll } from './support/queues.ts'
import { readStream } from './support/streams.ts'
import { idOf, ids, type Tally, tally } from './support/tally.ts'

/** About one call in three gets a fault; one batch call in ten loses some of its entries. */
const RATES: FaultRates = {
  throttle: 0.06,
  'server-error': 0.06,
  'drop-before': 0.06,
  'drop-after': 0.06,
  partial: 0.1,
}
const MESSAGES = 400
/** Calls the SQS source makes; each faulted one can at worst bring back the 10 messages it handled. */
const SOURCE_CALLS = ['sqs ReceiveMessage', 'sqs DeleteMessageBatch', 'sqs ChangeMessageVisibilityBatch']

let aws: LocalAws
let created: CreatedResources
let sqs: SQSClient
let kinesis: KinesisClient
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  aws = await startLocalAws()
  created = await createResources(aws, {
    queues: ['in-sns', 'in-kinesis', 'in-events', 'sns-tap', 'events-tap'],
    topics: ['faulty'],
    subscriptions: { faulty: ['sns-tap'] },
    streams: ['faulty'],
    buses: ['faulty'],
  })
  sqs = new SQSClient(aws.clientConfig('sqs'))
  kinesis = new KinesisClient(aws.clientConfig('kinesis'))
  const events = new EventBridgeClient(aws.clientConfig('eventbridge'))
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url('events-tap'), AttributeNames: ['QueueArn'] }),
  )
  await events.send(
    new PutRuleCommand({ Name: 'all', EventBusName: 'faulty', EventPattern: '{"source":["sluice.faults"]}' }),
  )
  await events.send(
    new PutTargetsCommand({
      Rule: 'all',
      EventBusName: 'faulty',
      Targets: [{ Id: 'tap', Arn: Attributes?.QueueArn }],
    }),
  )
  events.destroy()
}, 60_000)

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

afterAll(async () => {
  sqs?.destroy()
  kinesis?.destroy()
  await aws?.stop()
})

function url(queue: string): string {
  return created.queueUrls[queue] ?? ''
}

/**
 * Every body that reaches `tap`: collected until there are as many as were sent and the tap has
 * been quiet, then, once the input queue has drained (every message delivered and deleted),
 * whatever came after. Duplicates can make up the count while a batch still waits out a long
 * retry backoff, so the quiet time alone does not mean everything is in.
 */
async function everythingDelivered(tap: string, input: string): Promise<string[]> {
  const arrived = await collect(sqs, url(tap), { expected: MESSAGES, quietMs: 8_000, timeoutMs: 120_000 })
  await vi.waitFor(
    async () => expect(await queueDepth(sqs, url(input))).toEqual({ visible: 0, inFlight: 0 }),
    { timeout: 30_000, interval: 500 },
  )
  return [...arrived, ...(await collect(sqs, url(tap), { expected: 0, quietMs: 3_000 }))]
}

async function proxy(upstream: string, seed: number): Promise<FaultProxy> {
  const started = await startFaultProxy({ upstream, seed, rates: RATES })
  cleanups.push(() => started.stop())
  return started
}

/** Starts `fixture` from `in-queue` (a short visibility, so a receive lost to a fault is soon redelivered) to `sink`. */
function runFaulty(queue: string, sink: TestAsset, endpoints: Parameters<typeof connection>[2]): WorkflowRun {
  const run = startWorkflow(
    testBundle(straight('in-queue', [sink.name]), [
      connection('local', aws, endpoints),
      queueSource('in-queue', queue, {
        bodyFormat: 'json',
        ...SHORT_VISIBILITY,
        maxInFlight: 100,
        pollers: 2,
      }),
      sink,
    ]),
    'fixture',
    { allowAmbient: false, backoff: { initialMs: 200, maxMs: 2_000 } },
  )
  cleanups.push(() => run.stop(10_000))
  expect(run.state).toBe('running')
  return run
}

function faultsAt(stats: FaultStats, calls: readonly string[], kinds: readonly string[]): number {
  let total = 0
  for (const call of calls)
    for (const [kind, count] of Object.entries(stats.operations[call] ?? {}))
      if (kinds.includes(kind)) total += count ?? 0
  return total
}

/**
 * The most duplicates the faults can explain: every batch a dropped-after call delivered, and
 * every message a faulted source call could bring back.
 */
function duplicateBound(source: FaultStats, sink: FaultStats, sinkCall: string, batchMax: number): number {
  const kinds = ['throttle', 'server-error', 'drop-before', 'drop-after', 'partial']
  return faultsAt(sink, [sinkCall], ['drop-after']) * batchMax + faultsAt(source, SOURCE_CALLS, kinds) * 10
}

function report(flow: string, counts: Tally, source: FaultStats, sink: FaultStats, bound: number): void {
  console.info(
    `${flow}: sent ${counts.sent}, received ${counts.received}, distinct ${counts.distinct}, ` +
      `duplicates ${counts.duplicates} (bound ${bound}), lost ${counts.lost.length}; ` +
      `faults at the source side ${JSON.stringify(source.faults)}, at the sink ${JSON.stringify(sink.faults)}, ` +
      `${sink.failedEntries} batch entries failed`,
  )
}

describe('workflows through injected faults', () => {
  it('SQS → SNS → SQS: every message arrives; duplicates only where a dropped answer explains them', async () => {
    const front = await proxy(aws.endpoints.sqs, 11)
    const sent = ids('sns', MESSAGES)
    await sendAll(
      sqs,
      url('in-sns'),
      sent.map((id) => JSON.stringify({ id })),
    )
    runFaulty(
      'in-sns',
      { kind: 'sink.sns', name: 'topic', spec: { connection: 'local', topicArn: created.topicArns.faulty } },
      {
        sqs: front.endpoint,
        sns: front.endpoint,
      },
    )
    const arrived = await everythingDelivered('sns-tap', 'in-sns')
    const counts = tally(sent, arrived.map(idOf))
    const stats = front.stats()
    const bound = duplicateBound(stats, stats, 'sns PublishBatch', 10)
    report('SQS → SNS', counts, stats, stats, bound)
    expect(counts).toMatchObject({ distinct: MESSAGES, lost: [], unexpected: [] })
    expect(counts.duplicates).toBeLessThanOrEqual(bound)
    expect(stats.faults.partial).toBeGreaterThan(0)
    expect(stats.faults['drop-after']).toBeGreaterThan(0)
  }, 180_000)

  it('SQS → Kinesis: every message a record; duplicates only where a dropped answer explains them', async () => {
    const front = await proxy(aws.endpoints.sqs, 12)
    const stream = await proxy(aws.endpoints.kinesis, 13)
    const sent = ids('kin', MESSAGES)
    await sendAll(
      sqs,
      url('in-kinesis'),
      sent.map((id) => JSON.stringify({ id })),
    )
    runFaulty(
      'in-kinesis',
      {
        kind: 'sink.kinesis',
        name: 'stream',
        spec: {
          connection: 'local',
          stream: 'faulty',
          partitionKey: '${msg:body.id}',
          batching: { lingerMs: 50 },
        },
      },
      { sqs: front.endpoint, kinesis: stream.endpoint },
    )
    await vi.waitFor(
      async () => expect(await queueDepth(sqs, url('in-kinesis'))).toEqual({ visible: 0, inFlight: 0 }),
      {
        timeout: 120_000,
        interval: 1_000,
      },
    )
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    const counts = tally(sent, (await readStream(kinesis, 'faulty')).map(idOf))
    const bound = duplicateBound(front.stats(), stream.stats(), 'kinesis PutRecords', 500)
    report('SQS → Kinesis', counts, front.stats(), stream.stats(), bound)
    expect(counts).toMatchObject({ distinct: MESSAGES, lost: [], unexpected: [] })
    expect(counts.duplicates).toBeLessThanOrEqual(bound)
    expect(stream.stats().calls).toBeGreaterThan(0)
  }, 180_000)

  it('SQS → EventBridge: every message an event its rule delivers; duplicates only where a dropped answer explains them', async () => {
    const front = await proxy(aws.endpoints.sqs, 14)
    const bus = await proxy(aws.endpoints.eventbridge, 15)
    const sent = ids('evt', MESSAGES)
    await sendAll(
      sqs,
      url('in-events'),
      sent.map((id) => JSON.stringify({ id })),
    )
    runFaulty(
      'in-events',
      {
        kind: 'sink.eventbridge',
        name: 'bus',
        spec: { connection: 'local', eventBuses: ['faulty'], source: 'sluice.faults', detailType: 'Message' },
      },
      { sqs: front.endpoint, eventbridge: bus.endpoint },
    )
    const arrived = await everythingDelivered('events-tap', 'in-events')
    const detail = (body: string) => {
      const event: unknown = JSON.parse(body)
      return typeof event === 'object' && event !== null && 'detail' in event
        ? idOf(JSON.stringify(event.detail))
        : body
    }
    const counts = tally(sent, arrived.map(detail))
    const bound = duplicateBound(front.stats(), bus.stats(), 'events PutEvents', 10)
    report('SQS → EventBridge', counts, front.stats(), bus.stats(), bound)
    expect(counts).toMatchObject({ distinct: MESSAGES, lost: [], unexpected: [] })
    expect(counts.duplicates).toBeLessThanOrEqual(bound)
    expect(bus.stats().faults.partial).toBeGreaterThan(0)
  }, 180_000)
})

import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge'
import { S3Client } from '@aws-sdk/client-s3'
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs'
import { type CreatedResources, createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startWorkflow } from '../runtime/runner/workflow-run.ts'
import { connection, straight, testBundle } from './support/bundle.ts'
import { memoryWatch, uploadLargeNdjson } from './support/large-object.ts'
import { collect } from './support/queues.ts'
import { idOf, ids, tally } from './support/tally.ts'

const MiB = 1024 * 1024
const OBJECT_BYTES = 200 * MiB
const PAYLOAD_CHARS = 40_000

let aws: LocalAws
let created: CreatedResources
let s3: S3Client
let sqs: SQSClient

beforeAll(async () => {
  aws = await startLocalAws()
  created = await createResources(aws, { queues: ['kind-a', 'kind-b'], buses: ['big'], buckets: ['big'] })
  s3 = new S3Client(aws.clientConfig('s3'))
  sqs = new SQSClient(aws.clientConfig('sqs'))
  const events = new EventBridgeClient(aws.clientConfig('eventbridge'))
  for (const kind of ['a', 'b']) {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: created.queueUrls[`kind-${kind}`],
        AttributeNames: ['QueueArn'],
      }),
    )
    await events.send(
      new PutRuleCommand({
        Name: `kind-${kind}`,
        EventBusName: 'big',
        EventPattern: JSON.stringify({ source: ['sluice.e2e'], detail: { kind: [kind] } }),
      }),
    )
    await events.send(
      new PutTargetsCommand({
        Rule: `kind-${kind}`,
        EventBusName: 'big',
        Targets: [{ Id: 'queue', Arn: Attributes?.QueueArn }],
      }),
    )
  }
  events.destroy()
}, 60_000)

afterAll(async () => {
  s3?.destroy()
  sqs?.destroy()
  await aws?.stop()
})

describe('S3 → EventBridge on a large object', () => {
  it('turns every record of a 200 MiB gzip NDJSON object into an event its rule delivers, with flat memory', async () => {
    const uploaded = await uploadLargeNdjson(
      s3,
      { bucket: 'big', key: 'in/events.ndjson.gz' },
      {
        compressedBytes: OBJECT_BYTES,
        payloadChars: PAYLOAD_CHARS,
        record: (n, payload) =>
          `{"id":"rec-${n}","meta":{"id":"rec-${n}","kind":"${n % 2 === 0 ? 'a' : 'b'}"},"payload":"${payload}"}`,
      },
    )
    const sent = ids('rec', uploaded.records)
    const memory = memoryWatch()
    const started = Date.now()
    const run = startWorkflow(
      testBundle(straight('object', ['bus']), [
        connection('local', aws),
        {
          kind: 'source.s3',
          name: 'object',
          spec: {
            connection: 'local',
            bucket: 'big',
            prefix: 'in/',
            discovery: { mode: 'poll', schedule: { type: 'interval', seconds: 1 } },
            format: { type: 'ndjson' },
            afterRead: { action: 'delete' },
          },
        },
        {
          kind: 'sink.eventbridge',
          name: 'bus',
          spec: {
            connection: 'local',
            eventBuses: ['big'],
            source: 'sluice.e2e',
            detailType: 'Record',
            detail: { from: 'field', path: 'meta' },
          },
        },
      ]),
      'fixture',
      { allowAmbient: false },
    )
    const half = Math.ceil(uploaded.records / 2)
    const [kindA, kindB] = await Promise.all([
      collect(sqs, created.queueUrls['kind-a'] ?? '', { expected: half, timeoutMs: 400_000 }),
      collect(sqs, created.queueUrls['kind-b'] ?? '', {
        expected: uploaded.records - half,
        timeoutMs: 400_000,
      }),
    ])
    await vi.waitFor(() => expect(run.status().metrics.out).toBe(uploaded.records), { timeout: 30_000 })
    const seconds = (Date.now() - started) / 1000
    await run.stop(10_000)
    const growth = memory.stop()
    console.info(
      `S3 → EventBridge: ${(uploaded.compressedBytes / MiB).toFixed(0)} MiB gzip, ${uploaded.records} records ` +
        `in ${seconds.toFixed(1)} s; peak growth RSS ${growth.rssMiB.toFixed(0)} MiB, heap ${growth.heapMiB.toFixed(0)} MiB ` +
        '(emulators and the event delivery run in this process too)',
    )
    const detailIds = (bodies: readonly string[]) =>
      bodies.map((body) => {
        const event: unknown = JSON.parse(body)
        return typeof event === 'object' && event !== null && 'detail' in event
          ? idOf(JSON.stringify(event.detail))
          : body
      })
    const a = tally(
      sent.filter((_, n) => n % 2 === 0),
      detailIds(kindA),
    )
    const b = tally(
      sent.filter((_, n) => n % 2 === 1),
      detailIds(kindB),
    )
    expect(a).toMatchObject({ distinct: half, duplicates: 0, lost: [], unexpected: [] })
    expect(b).toMatchObject({ distinct: uploaded.records - half, duplicates: 0, lost: [], unexpected: [] })
    expect(run.status().metrics).toMatchObject({ in: uploaded.records, errors: 0 })
    // The emulators hold the delivered events in this process too, so the bound is the object's
    // compressed size, well under its decompressed one; the source's own heap is bounded tighter
    // in sources/s3/large-object.int.test.ts.
    expect(growth.rssMiB).toBeLessThan(OBJECT_BYTES / MiB)
  }, 600_000)
})

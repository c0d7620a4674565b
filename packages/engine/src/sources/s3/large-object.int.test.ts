import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectGarbage, uploadLargeNdjson } from '../../e2e/support/large-object.ts'
import type { Envelope } from '../../runtime/envelope.ts'
import { testContext } from '../testing/context.ts'
import { localClients } from '../testing/local-clients.ts'
import { s3Spec } from '../testing/s3-harness.ts'
import { waitFor } from '../testing/source-conformance.ts'
import { s3Api } from './s3-api.ts'
import { S3Source } from './s3-source.ts'

const MiB = 1024 * 1024
const TARGET_COMPRESSED_BYTES = 200 * MiB
const PAYLOAD_CHARS = 1500
/** The consumer acks in batches this far apart, slower than the reader, so the in-flight bound is reached. */
const ACK_EVERY_MS = 40

let aws: LocalAws
let s3: S3Client

beforeAll(async () => {
  aws = await startLocalAws()
  s3 = new S3Client({ ...aws.clientConfig('s3'), maxAttempts: 1 })
  await createResources(aws, { buckets: ['big'] })
}, 60_000)

afterAll(async () => {
  s3?.destroy()
  await aws?.stop()
})

/** Uploads the object; returns its record count and the sum of the ids, to check each was read once. */
async function uploadLargeObject(key: string): Promise<{ records: number; idSum: number }> {
  const { records } = await uploadLargeNdjson(
    s3,
    { bucket: 'big', key },
    {
      compressedBytes: TARGET_COMPRESSED_BYTES,
      payloadChars: PAYLOAD_CHARS,
      record: (n, payload) => `{"id":${n},"payload":"${payload}"}`,
    },
  )
  return { records, idSum: (records * (records - 1)) / 2 }
}

describe('source.s3 on a large gzip NDJSON object', () => {
  it('reads a 200 MiB gzip object with flat memory, every record once, with progress', async () => {
    const key = 'events.ndjson.gz'
    const expected = await uploadLargeObject(key)
    const { ContentLength } = await s3.send(new HeadObjectCommand({ Bucket: 'big', Key: key }))
    expect(ContentLength).toBeGreaterThanOrEqual(TARGET_COMPRESSED_BYTES)

    collectGarbage()
    const baseline = process.memoryUsage()
    const peak = {
      heapUsed: baseline.heapUsed,
      liveHeap: baseline.heapUsed,
      rss: baseline.rss,
      arrayBuffers: baseline.arrayBuffers,
    }
    const sample = setInterval(() => {
      const now = process.memoryUsage()
      peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed)
      peak.rss = Math.max(peak.rss, now.rss)
      peak.arrayBuffers = Math.max(peak.arrayBuffers, now.arrayBuffers)
    }, 25)
    const liveSample = setInterval(() => {
      collectGarbage()
      peak.liveHeap = Math.max(peak.liveHeap, process.memoryUsage().heapUsed)
    }, 1_000)

    const clients = localClients(aws)
    const context = testContext({ clients })
    const spec = s3Spec({
      bucket: 'big',
      prefix: '',
      format: { type: 'ndjson' },
      discovery: { mode: 'poll', schedule: { type: 'interval', seconds: 3600 } },
      maxRecordsInFlight: 1000,
    })
    const source = new S3Source(spec, context, { s3: s3Api(clients.s3()), sqs: () => sqsUnused() })
    let count = 0
    let idSum = 0
    let invalid = 0
    let maxUnsettled = 0
    const pending: Envelope[] = []
    const started = Date.now()
    const subscription = source.messages.subscribe((envelope) => {
      count += 1
      const body = envelope.body
      if (envelope.decodeError !== undefined || typeof body !== 'object' || body === null || !('id' in body))
        invalid += 1
      else idSum += Number(body.id)
      pending.push(envelope)
      maxUnsettled = Math.max(maxUnsettled, pending.length)
      if (pending.length === 1)
        setTimeout(() => {
          for (const e of pending.splice(0)) e.ack()
        }, ACK_EVERY_MS)
    })
    await waitFor(
      () => context.log.at('info').includes('object read and committed'),
      'the object committed',
      480_000,
    )
    const seconds = (Date.now() - started) / 1000
    clearInterval(sample)
    clearInterval(liveSample)
    await source.stop()
    await source.drained()
    subscription.unsubscribe()
    clients.destroy()

    const growth = {
      heapMiB: (peak.heapUsed - baseline.heapUsed) / MiB,
      liveHeapMiB: (peak.liveHeap - baseline.heapUsed) / MiB,
      rssMiB: (peak.rss - baseline.rss) / MiB,
      arrayBuffersMiB: (peak.arrayBuffers - baseline.arrayBuffers) / MiB,
    }
    console.info(
      `large object: ${((ContentLength ?? 0) / MiB).toFixed(1)} MiB gzip, ${count} records in ${seconds.toFixed(1)} s; ` +
        `peak growth during the read: heap ${growth.heapMiB.toFixed(1)} MiB (live after GC ${growth.liveHeapMiB.toFixed(1)} MiB), ` +
        `RSS ${growth.rssMiB.toFixed(1)} MiB, ` +
        `array buffers ${growth.arrayBuffersMiB.toFixed(1)} MiB (baseline RSS ${(baseline.rss / MiB).toFixed(0)} MiB, ` +
        `the emulator's copy of the object included); at most ${maxUnsettled} records unsettled`,
    )
    expect(count).toBe(expected.records)
    expect(idSum).toBe(expected.idSum)
    expect(invalid).toBe(0)
    expect(maxUnsettled).toBe(1000)
    expect(growth.heapMiB).toBeLessThan(150)

    const reports = context.metrics.history.filter((h) => h.key === `big/${key}`)
    const last = reports.filter((h) => h.progress !== undefined).at(-1)?.progress
    expect(reports.length).toBeGreaterThan(3)
    expect(last).toMatchObject({
      bytesRead: ContentLength,
      totalBytes: ContentLength,
      records: expected.records,
    })
    expect(reports.at(-1)?.progress).toBeUndefined()
  }, 600_000)
})

function sqsUnused(): never {
  throw new Error('polling needs no SQS')
}

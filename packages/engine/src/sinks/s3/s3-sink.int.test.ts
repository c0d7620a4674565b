import { randomBytes } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3'
import type { AwsClients } from '@sluice/aws'
import { createResources, type LocalAws, startLocalAws } from '@sluice/aws-local'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { starterOf } from '../../runtime/components.ts'
import { localClients, startSink } from '../testing/local-stack.ts'
import { SettleRecorder } from '../testing/sink-context.ts'
import { s3Sink } from './s3-sink.ts'

const Bucket = 'sink-out'
let aws: LocalAws
let clients: AwsClients
let s3: S3Client

beforeAll(async () => {
  aws = await startLocalAws()
  clients = localClients(aws)
  s3 = new S3Client(aws.clientConfig('s3'))
  await createResources(aws, { buckets: [Bucket] })
}, 60_000)

afterAll(async () => {
  s3?.destroy()
  clients?.destroy()
  await aws?.stop()
})

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: prefix }))
  return (listed.Contents ?? []).map((o) => o.Key ?? '').sort()
}

async function bytesOf(Key: string): Promise<Buffer> {
  const got = await s3.send(new GetObjectCommand({ Bucket, Key }))
  return Buffer.from((await got.Body?.transformToByteArray()) ?? new Uint8Array())
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function start(spec: Record<string, unknown>) {
  return startSink(starterOf(s3Sink), { connection: 'local', bucket: Bucket, ...spec }, clients)
}

describe('S3 sink on the local stack', () => {
  it('writes NDJSON objects rolled over by count, with content type, metadata and tags', async () => {
    const { sink } = start({
      keyTemplate: 'orders/${msg:body.tenant}/${date:HHmmss-SSS}.ndjson',
      format: { type: 'ndjson' },
      rollover: { maxRecords: 4 },
      metadata: { tenant: '${msg:body.tenant}' },
      tags: { retention: '30d' },
    })
    const owner = new SettleRecorder()
    const envelopes = Array.from({ length: 10 }, (_, n) => owner.envelope({ tenant: n % 2 ? 'b' : 'a', n }))
    for (const [n, envelope] of envelopes.entries()) {
      if (n === 8) await pause(5)
      sink.write(envelope)
    }
    await sink.close()
    expect(owner.counts(envelopes)).toEqual({ acked: 10 })

    const keys = await keysUnder('orders/')
    expect(keys.map((k) => k.split('/')[1])).toEqual(['a', 'a', 'b', 'b'])
    expect(new Set(keys).size).toBe(4)
    const records = await Promise.all(
      keys.map(async (Key) =>
        (await bytesOf(Key))
          .toString()
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line).n),
      ),
    )
    expect(records.flat().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    const first = keys[0] ?? ''
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: first }))
    expect(head.ContentType).toBe('application/x-ndjson')
    expect(head.Metadata).toEqual({ tenant: 'a' })
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket, Key: first }))).TagSet).toEqual([
      { Key: 'retention', Value: '30d' },
    ])
  }, 60_000)

  it('streams a few MB through gzip into multipart objects, rolling over by compressed size', async () => {
    const { sink, metrics } = start({
      keyTemplate: 'big/${date:HHmmss-SSS}.ndjson.gz',
      format: { type: 'ndjson' },
      compression: 'gzip',
      rollover: { maxBytes: 6 * 1024 * 1024 },
      partSizeBytes: 5 * 1024 * 1024,
    })
    const owner = new SettleRecorder()
    const lines = Array.from({ length: 3_000 }, (_, n) => ({
      n,
      data: randomBytes(3_000).toString('base64'),
    }))
    const envelopes = lines.map((line) => owner.envelope(line))
    for (const [n, envelope] of envelopes.entries()) {
      if (n % 50 === 0) await pause(0)
      sink.write(envelope)
    }
    await sink.close()
    expect(owner.counts(envelopes)).toEqual({ acked: 3_000 })

    const keys = await keysUnder('big/')
    expect(keys.length).toBe(2)
    expect(metrics.batches.map((b) => b.entries).reduce((a, b) => a + b, 0)).toBe(3_000)
    const objects = await Promise.all(keys.map(bytesOf))
    expect(objects[0]?.length).toBeGreaterThan(5 * 1024 * 1024)
    expect(objects[0]?.length).toBeLessThanOrEqual(6 * 1024 * 1024 + 64 * 1024)
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: keys[0] }))
    expect(head.ETag).toMatch(/-2"$/)
    const read = objects.flatMap((o) =>
      gunzipSync(o)
        .toString()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    )
    expect(read.length).toBe(3_000)
    expect(read.map((r) => r.n)).toEqual(lines.map((l) => l.n))
    expect(read[1_234]).toEqual(lines[1_234])
  }, 120_000)

  it('writes whole objects once: with onExists fail a taken key is nacked, with skip it is acked and kept', async () => {
    const owner = new SettleRecorder()
    const write = async (onExists: string, body: object) => {
      const { sink } = start({ keyTemplate: 'docs/${msg:body.id}.json', format: { type: 'whole' }, onExists })
      const envelope = owner.envelope(body)
      sink.write(envelope)
      await sink.close()
      return owner.outcomeOf(envelope)
    }
    expect(await write('fail', { id: 1, v: 'first' })).toBe('acked')
    expect(await write('fail', { id: 1, v: 'second' })).toMatchObject({
      code: 'sink.object-exists',
      permanent: false,
    })
    expect(await write('skip', { id: 1, v: 'third' })).toBe('acked')
    expect(JSON.parse((await bytesOf('docs/1.json')).toString())).toEqual({ id: 1, v: 'first' })
    expect(await write('overwrite', { id: 1, v: 'fourth' })).toBe('acked')
    expect(JSON.parse((await bytesOf('docs/1.json')).toString())).toEqual({ id: 1, v: 'fourth' })
  }, 60_000)

  it('writes CSV with a header row', async () => {
    const { sink } = start({ keyTemplate: 'report.csv', format: { type: 'csv', columns: ['id', 'name'] } })
    const owner = new SettleRecorder()
    for (const [id, name] of [
      [1, 'Ada'],
      [2, 'Grace, Hopper'],
    ])
      sink.write(owner.envelope({ id, name }))
    await sink.close()
    expect((await bytesOf('report.csv')).toString()).toBe('id,name\n1,Ada\n2,"Grace, Hopper"\n')
  }, 60_000)
})

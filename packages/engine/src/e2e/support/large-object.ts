import { randomBytes } from 'node:crypto'
import { pipeline, Readable, Transform } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createGzip } from 'node:zlib'
import type { S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'

const MiB = 1024 * 1024
const RECORDS_PER_CHUNK = 8

/** What an uploaded object holds. */
export interface Uploaded {
  readonly records: number
  readonly compressedBytes: number
}

/**
 * Uploads a gzip NDJSON object of at least `compressedBytes`, generated as a stream (random
 * payloads, so it hardly compresses) and never held in memory. Record `n` is
 * `{"id":"<prefix>-n","meta":{"id":…,"kind":"a"|"b"},"payload":"<payloadChars of base64>"}`.
 */
export async function uploadLargeNdjson(
  s3: S3Client,
  target: { bucket: string; key: string; prefix: string },
  compressedBytes: number,
  payloadChars: number,
): Promise<Uploaded> {
  let compressed = 0
  let records = 0
  async function* ndjson(): AsyncGenerator<Buffer> {
    while (compressed < compressedBytes) {
      const random = randomBytes(Math.ceil((payloadChars * RECORDS_PER_CHUNK * 3) / 4)).toString('base64')
      let chunk = ''
      for (let i = 0; i < RECORDS_PER_CHUNK; i++) {
        const id = `${target.prefix}-${records}`
        const meta = JSON.stringify({ id, kind: records % 2 === 0 ? 'a' : 'b' })
        chunk += `{"id":"${id}","meta":${meta},"payload":"${random.slice(i * payloadChars, (i + 1) * payloadChars)}"}\n`
        records += 1
      }
      yield Buffer.from(chunk)
    }
  }
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      compressed += chunk.length
      done(null, chunk)
    },
  })
  pipeline(Readable.from(ndjson()), createGzip({ level: 1 }), counter, () => {})
  await new Upload({
    client: s3,
    params: { Bucket: target.bucket, Key: target.key, Body: counter },
    partSize: 8 * MiB,
    queueSize: 2,
  }).done()
  return { records, compressedBytes: compressed }
}

/** A full garbage collection, to see the live heap apart from garbage not yet collected. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  const gc: unknown = runInNewContext('gc')
  if (typeof gc === 'function') gc()
}

/** Peak growth over a baseline taken now, sampled every 25 ms until `stop`. */
export function memoryWatch(): { stop(): { rssMiB: number; heapMiB: number } } {
  collectGarbage()
  const baseline = process.memoryUsage()
  let rss = baseline.rss
  let heap = baseline.heapUsed
  const timer = setInterval(() => {
    const now = process.memoryUsage()
    rss = Math.max(rss, now.rss)
    heap = Math.max(heap, now.heapUsed)
  }, 25)
  return {
    stop() {
      clearInterval(timer)
      return { rssMiB: (rss - baseline.rss) / MiB, heapMiB: (heap - baseline.heapUsed) / MiB }
    },
  }
}

import { randomBytes } from 'node:crypto'
import { pipeline, Readable, Transform } from 'node:stream'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createGzip } from 'node:zlib'
import type { S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'

const MiB = 1024 * 1024

/** What an uploaded object holds. */
export interface Uploaded {
  readonly records: number
  readonly compressedBytes: number
}

/** How {@link uploadLargeNdjson} makes the object. */
export interface LargeNdjson {
  /** The object is at least this big, compressed. */
  readonly compressedBytes: number
  /** Characters of random base64 each record gets. */
  readonly payloadChars: number
  /** Record `n`, one line of JSON without its newline, around its payload. */
  readonly record: (n: number, payload: string) => string
}

/**
 * Uploads a gzip NDJSON object generated as a stream (random payloads, so it hardly compresses)
 * and never held in memory; returns how many records it holds and its compressed size.
 */
export async function uploadLargeNdjson(
  s3: S3Client,
  target: { bucket: string; key: string },
  shape: LargeNdjson,
): Promise<Uploaded> {
  const perChunk = Math.max(1, Math.floor(96_000 / shape.payloadChars))
  let compressed = 0
  let records = 0
  async function* ndjson(): AsyncGenerator<Buffer> {
    while (compressed < shape.compressedBytes) {
      const random = randomBytes(Math.ceil((shape.payloadChars * perChunk * 3) / 4)).toString('base64')
      let chunk = ''
      for (let i = 0; i < perChunk; i++) {
        chunk += `${shape.record(records, random.slice(i * shape.payloadChars, (i + 1) * shape.payloadChars))}\n`
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

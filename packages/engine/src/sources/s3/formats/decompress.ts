import { pipeline, Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { permanentError } from '../../../runtime/errors.ts'

/** The `compression` setting of a `source.s3` spec. */
export type Compression = 'auto' | 'gzip' | 'none'

/** What tells `auto` that an object is gzip besides its first bytes. */
export interface CompressionHints {
  readonly key: string
  readonly contentEncoding: string | undefined
}

/** True when `head` starts with the gzip magic bytes `1f 8b`. */
export function startsWithGzipMagic(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b
}

/**
 * The object's bytes, gunzipped through zlib as they stream when `compression` says so: `gzip`
 * always; `auto` when the key ends in `.gz`, the Content-Encoding is gzip, or the object starts
 * with the gzip magic bytes (several gzip members one after another are read as one stream).
 * Pulls from `body` only as its output is consumed. Throws `source.gzip-invalid` for data that is
 * not valid gzip.
 */
export async function* decompressed(
  body: AsyncIterable<Uint8Array>,
  compression: Compression,
  hints: CompressionHints,
): AsyncGenerator<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]()
  const head: Uint8Array[] = []
  let headBytes = 0
  let ended = false
  while (headBytes < 2 && !ended) {
    const next = await iterator.next()
    if (next.done) ended = true
    else {
      head.push(next.value)
      headBytes += next.value.byteLength
    }
  }
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      yield* head
      while (!ended) {
        const next = await iterator.next()
        if (next.done) return
        yield next.value
      }
    } finally {
      await iterator.return?.()
    }
  }
  const gzip =
    compression === 'gzip' ||
    (compression === 'auto' &&
      (hints.key.endsWith('.gz') ||
        /gzip/i.test(hints.contentEncoding ?? '') ||
        startsWithGzipMagic(
          Buffer.concat(head.map((h) => Buffer.from(h.buffer, h.byteOffset, h.byteLength))),
        )))
  if (!gzip) {
    yield* all()
    return
  }
  const source = Readable.from(all(), { objectMode: false })
  const gunzip = createGunzip()
  pipeline(source, gunzip, () => {})
  try {
    for await (const chunk of gunzip) if (chunk instanceof Uint8Array) yield chunk
  } catch (error) {
    if (
      error instanceof Error &&
      'code' in error &&
      typeof error.code === 'string' &&
      error.code.startsWith('Z_')
    )
      throw permanentError('source.gzip-invalid', `the object is not valid gzip: ${error.message}`, error)
    throw error
  } finally {
    gunzip.destroy()
    source.destroy()
  }
}

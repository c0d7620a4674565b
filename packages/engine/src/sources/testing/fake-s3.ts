import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import type { ListPage, ObjectRef, ObjectStream, S3Api, Tag } from '../s3/s3-api.ts'

/** An object inside {@link FakeS3}. */
export interface FakeObject {
  body: Buffer
  etag: string
  lastModified: Date
  contentEncoding: string | undefined
  tags: Tag[]
}

type Method = keyof S3Api

function named(name: string, message: string): Error {
  return Object.assign(new Error(message), { name })
}

/**
 * In-memory buckets behind the {@link S3Api} interface, for unit tests: listings with prefixes,
 * delimiters and pages, downloads streamed in small chunks (so record splitting and backpressure
 * are exercised), copy, delete, tags, and injected failures. It counts deletes per key.
 */
export class FakeS3 implements S3Api {
  readonly buckets = new Map<string, Map<string, FakeObject>>()
  readonly deletes = new Map<string, number>()
  readonly calls: Record<Method, number> = { list: 0, get: 0, delete: 0, copy: 0, tags: 0, putTags: 0 }
  /** Downloads under way. */
  open = 0
  pageSize = 1000
  chunkSize = 64
  private readonly failures = new Map<Method, unknown[]>()

  bucket(name: string): Map<string, FakeObject> {
    let bucket = this.buckets.get(name)
    if (bucket === undefined) {
      bucket = new Map()
      this.buckets.set(name, bucket)
    }
    return bucket
  }

  put(
    bucket: string,
    key: string,
    body: string | Buffer,
    options: { lastModified?: Date; contentEncoding?: string; tags?: Tag[] } = {},
  ): void {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body
    this.bucket(bucket).set(key, {
      body: bytes,
      etag: createHash('md5').update(bytes).digest('hex'),
      lastModified: options.lastModified ?? new Date(Date.now() - 3_600_000),
      contentEncoding: options.contentEncoding,
      tags: options.tags ?? [],
    })
  }

  object(bucket: string, key: string): FakeObject | undefined {
    return this.buckets.get(bucket)?.get(key)
  }

  failNext(method: Method, error: unknown): void {
    const queued = this.failures.get(method) ?? []
    queued.push(error)
    this.failures.set(method, queued)
  }

  async list(request: {
    bucket: string
    prefix: string
    delimiter?: string
    token?: string
  }): Promise<ListPage> {
    this.call('list')
    const keys = [...this.existing(request.bucket).keys()]
      .filter((k) => k.startsWith(request.prefix))
      .filter(
        (k) => request.delimiter === undefined || !k.slice(request.prefix.length).includes(request.delimiter),
      )
      .sort()
    const from = request.token === undefined ? 0 : Number(request.token)
    const page = keys.slice(from, from + this.pageSize)
    const objects: ObjectRef[] = page.map((key) => {
      const o = this.existing(request.bucket).get(key)
      return {
        bucket: request.bucket,
        key,
        size: o?.body.length ?? 0,
        ...(o === undefined ? {} : { etag: o.etag, lastModified: o.lastModified }),
      }
    })
    const next = from + this.pageSize
    return { objects, nextToken: next < keys.length ? String(next) : undefined }
  }

  async get(bucket: string, key: string, signal: AbortSignal): Promise<ObjectStream> {
    this.call('get')
    const o = this.existing(bucket).get(key)
    if (o === undefined) throw named('NoSuchKey', 'The specified key does not exist.')
    const { body } = o
    const chunkSize = this.chunkSize
    const fake = this
    async function* chunks(): AsyncGenerator<Buffer> {
      fake.open += 1
      try {
        for (let i = 0; i < body.length; i += chunkSize) {
          if (signal.aborted) throw named('AbortError', 'aborted')
          yield body.subarray(i, i + chunkSize)
        }
      } finally {
        fake.open -= 1
      }
    }
    return {
      body: Readable.from(chunks(), { objectMode: false, highWaterMark: chunkSize }),
      contentLength: o.body.length,
      contentEncoding: o.contentEncoding,
      contentType: 'application/octet-stream',
      etag: o.etag,
      lastModified: o.lastModified,
    }
  }

  async delete(bucket: string, key: string): Promise<void> {
    this.call('delete')
    this.existing(bucket).delete(key)
    this.deletes.set(key, (this.deletes.get(key) ?? 0) + 1)
  }

  async copy(from: { bucket: string; key: string }, to: { bucket: string; key: string }): Promise<void> {
    this.call('copy')
    const o = this.existing(from.bucket).get(from.key)
    if (o === undefined) throw named('NoSuchKey', 'The specified key does not exist.')
    this.existing(to.bucket).set(to.key, { ...o, tags: [...o.tags] })
  }

  async tags(bucket: string, key: string): Promise<Tag[]> {
    this.call('tags')
    return [...(this.existing(bucket).get(key)?.tags ?? [])]
  }

  async putTags(bucket: string, key: string, tags: readonly Tag[]): Promise<void> {
    this.call('putTags')
    const o = this.existing(bucket).get(key)
    if (o === undefined) throw named('NoSuchKey', 'The specified key does not exist.')
    o.tags = [...tags]
  }

  private existing(bucket: string): Map<string, FakeObject> {
    const found = this.buckets.get(bucket)
    if (found === undefined) throw named('NoSuchBucket', 'The specified bucket does not exist')
    return found
  }

  private call(method: Method): void {
    this.calls[method] += 1
    const error = this.failures.get(method)?.shift()
    if (error !== undefined) throw error
  }
}

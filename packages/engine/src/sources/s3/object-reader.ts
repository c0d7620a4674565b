import { awsErrorName } from '@sluice/aws'
import type { Logger, SourceMetrics } from '../../runtime/contracts.ts'
import { Envelope, type Outcome } from '../../runtime/envelope.ts'
import { DeliveryError, isPermanent, permanentError } from '../../runtime/errors.ts'
import { fatalSourceError, isDependencyFailure } from '../shared/fatal-error.ts'
import type { InFlightGate } from '../shared/in-flight.ts'
import { type Compression, decompressed } from './formats/decompress.ts'
import { type RecordFormat, type RecordItem, records } from './formats/records.ts'
import type { OpenReads } from './open-reads.ts'
import type { ObjectRef, ObjectStream, S3Api } from './s3-api.ts'

/**
 * How reading an object ended, once every record emitted from it is settled:
 * - `complete`: every record was acked (or filtered); the after-read policy may run.
 * - `incomplete`: a record was nacked with a retryable error, the download failed, or the source
 *   stopped; the object must be read again, and records already acked are then delivered again.
 * - `failed`: the object cannot be read in this format, or a record failed permanently.
 * - `missing`: the object no longer exists.
 */
export type ObjectOutcome =
  | { readonly type: 'complete'; readonly etag: string | undefined; readonly records: number }
  | { readonly type: 'incomplete'; readonly reason: string }
  | { readonly type: 'failed'; readonly error: DeliveryError }
  | { readonly type: 'missing' }

/** What reading needs from the source. */
export interface ReaderContext {
  readonly api: S3Api
  readonly format: RecordFormat
  readonly compression: Compression
  /** Records emitted and not yet settled, over all objects (maxRecordsInFlight). */
  readonly records: InFlightGate
  /** Counts the objects being read, each until all its records are out, to say when the source caught up. */
  readonly reads: OpenReads
  /** False once envelopes can no longer be emitted (the subscriber is gone). */
  canEmit(): boolean
  emit(envelope: Envelope): void
  readonly metrics: SourceMetrics
  readonly log: Logger
  /** Aborted when the source stops: reading ends and the object counts as incomplete. */
  readonly stopping: AbortSignal
}

const PROGRESS_EVERY_MS = 250

async function* counted(
  body: AsyncIterable<unknown>,
  onBytes: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of body)
    if (chunk instanceof Uint8Array) {
      onBytes(chunk.byteLength)
      yield chunk
    }
}

async function open(
  ref: ObjectRef,
  context: ReaderContext,
  signal: AbortSignal,
): Promise<ObjectStream | Exclude<ObjectOutcome, { type: 'complete' }>> {
  try {
    return await context.api.get(ref.bucket, ref.key, signal)
  } catch (error) {
    if (awsErrorName(error) === 'NoSuchKey') return { type: 'missing' }
    if (signal.aborted) return { type: 'incomplete', reason: 'the source stopped' }
    const fatal = fatalSourceError(error, { kind: 'bucket', name: ref.bucket }, 's3:GetObject')
    if (fatal === undefined) return { type: 'incomplete', reason: `GetObject failed: ${awsErrorName(error)}` }
    if (isDependencyFailure(fatal)) throw fatal
    return { type: 'failed', error: fatal }
  }
}

/** The fields of an object that each of its records carries in `meta`. */
interface ObjectMeta {
  readonly bucket: string
  readonly key: string
  readonly etag: string | undefined
  readonly size: number
  readonly lastModified: string | undefined
  readonly contentType: string | undefined
}

/**
 * A record's `meta`: its object's fields (those known), its number and its position. Built one
 * property at a time, as V8 copies a spread that more properties follow on its slow path, about a
 * microsecond per record.
 */
function recordMeta(
  object: ObjectMeta,
  recordNumber: number,
  position: Record<string, number>,
): Record<string, unknown> {
  const meta: Record<string, unknown> = {
    bucket: object.bucket,
    key: object.key,
    etag: object.etag,
    size: object.size,
  }
  if (object.lastModified !== undefined) meta.lastModified = object.lastModified
  if (object.contentType !== undefined) meta.contentType = object.contentType
  meta.recordNumber = recordNumber
  for (const name in position) meta[name] = position[name]
  return meta
}

function envelopeContent(item: RecordItem): { body: unknown; decodeError: DeliveryError | undefined } {
  return item.kind === 'value'
    ? { body: item.value, decodeError: undefined }
    : { body: item.raw, decodeError: item.error }
}

/**
 * Streams one object as records, emitting each only when a record slot is free, so the download
 * pauses (and memory stays flat) while downstream is busy: it holds at most the records of one
 * chunk beyond `maxRecordsInFlight`. Progress goes to
 * `metrics.objectProgress`. Resolves once reading has ended and every emitted record is settled;
 * rejects only with a fatal source error (bucket missing, access denied).
 */
export async function readObject(ref: ObjectRef, context: ReaderContext): Promise<ObjectOutcome> {
  const abort = new AbortController()
  const stop = () => abort.abort()
  context.stopping.addEventListener('abort', stop, { once: true })
  const progressKey = `${ref.bucket}/${ref.key}`
  try {
    const stream = await open(ref, context, abort.signal)
    if (!('body' in stream)) return stream
    abort.signal.addEventListener('abort', () => stream.body.destroy(), { once: true })
    const totalBytes = stream.contentLength ?? ref.size ?? 0
    let bytesRead = 0
    let emitted = 0
    let settled = 0
    let readingDone = false
    let endedAtEof = false
    let retryReason: string | undefined
    let recordFailure: DeliveryError | undefined
    let readError: unknown
    let lastProgress = 0
    const report = (force: boolean) => {
      const now = Date.now()
      if (!force && now - lastProgress < PROGRESS_EVERY_MS) return
      lastProgress = now
      context.metrics.objectProgress(progressKey, {
        bucket: ref.bucket,
        key: ref.key,
        bytesRead,
        totalBytes,
        records: emitted,
      })
    }
    let allSettled = () => {}
    const settledAll = new Promise<void>((resolve) => {
      allSettled = resolve
    })
    const owner = {
      settled(_: Envelope, outcome: Outcome) {
        context.records.release(1)
        settled += 1
        if (outcome.type === 'nacked') {
          const { error } = outcome
          if (isPermanent(error) && error instanceof DeliveryError) recordFailure ??= error
          else if (isPermanent(error))
            recordFailure ??= permanentError('source.record-failed', error.message, error)
          else {
            retryReason ??= `a record was nacked: ${error.message}`
            abort.abort()
          }
        }
        if (readingDone && settled === emitted) allSettled()
      },
    }
    const object: ObjectMeta = {
      bucket: ref.bucket,
      key: ref.key,
      etag: stream.etag ?? ref.etag,
      size: totalBytes,
      lastModified: stream.lastModified?.toISOString(),
      contentType: stream.contentType,
    }
    report(true)
    const body = counted(stream.body, (n) => {
      bytesRead += n
      report(false)
    })
    const emitRecord = (item: RecordItem) => {
      emitted += 1
      const { body: recordBody, decodeError } = envelopeContent(item)
      const envelope = new Envelope(recordBody, owner, {}, recordMeta(object, emitted, item.position))
      envelope.decodeError = decodeError
      context.emit(envelope)
    }
    const iterator = records(
      decompressed(body, context.compression, { key: ref.key, contentEncoding: stream.contentEncoding }),
      context.format,
    )[Symbol.asyncIterator]()
    context.reads.opened()
    try {
      reading: for (;;) {
        let next: IteratorResult<RecordItem[]>
        try {
          next = await iterator.next()
        } catch (error) {
          readError = error
          break
        }
        if (next.done) {
          endedAtEof = true
          break
        }
        let left = next.value.length
        let slots = 0
        for (const item of next.value) {
          if (slots === 0) slots = await context.records.acquire(left, abort.signal)
          if (slots === 0) break reading
          if (!context.canEmit()) {
            context.records.release(slots)
            break reading
          }
          slots -= 1
          left -= 1
          emitRecord(item)
        }
      }
    } finally {
      await iterator.return?.(undefined).catch(() => undefined)
      stream.body.destroy()
      context.reads.closed()
    }
    readingDone = true
    report(true)
    if (settled < emitted) await settledAll
    if (readError instanceof DeliveryError && readError.permanent) return { type: 'failed', error: readError }
    if (retryReason !== undefined) return { type: 'incomplete', reason: retryReason }
    if (recordFailure !== undefined) return { type: 'failed', error: recordFailure }
    if (readError !== undefined)
      return {
        type: 'incomplete',
        reason: `reading failed: ${readError instanceof Error ? readError.message : String(readError)}`,
      }
    if (!endedAtEof) return { type: 'incomplete', reason: 'the source stopped' }
    return { type: 'complete', etag: stream.etag ?? ref.etag, records: emitted }
  } finally {
    context.stopping.removeEventListener('abort', stop)
    context.metrics.objectProgress(progressKey, undefined)
  }
}

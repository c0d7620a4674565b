import { sinkS3 } from '@sluice/assets'
import { awsErrorName, classifyAwsError } from '@sluice/aws'
import { defineSink, type Sink } from '../../runtime/contracts.ts'
import type { Envelope } from '../../runtime/envelope.ts'
import type { DeliveryError } from '../../runtime/errors.ts'
import type { BatchingContext } from '../batching/batching-sink.ts'
import { type Scheduler, systemScheduler } from '../batching/scheduler.ts'
import { bodyBytes } from '../shared/body.ts'
import { dependencyFailure } from '../shared/dependency.ts'
import { type FailureOrigin, permanentFailure, prepareFailure, retryableFailure } from '../shared/failures.ts'
import { messageContext } from '../shared/templates.ts'
import { DistinctKeys, ObjectKeyTemplate } from './object-key.ts'
import { ObjectParamsMaker, type S3SinkSpec } from './object-params.ts'
import { OpenObject, type UploadResult } from './open-object.ts'
import { prepareRecord, type StreamingFormat } from './record-format.ts'
import { type ObjectUploader, s3Uploader } from './s3-uploader.ts'
import { WholeObjects } from './whole-objects.ts'

/** Retries of each S3 request of an upload (the spec has no `retry` block). */
export const S3_REQUEST_RETRY = { maxAttempts: 8, initialBackoffMs: 100, maxBackoffMs: 20_000 } as const

/** How long an object stays open with no new record before it is completed anyway. */
export const DEFAULT_IDLE_ROLLOVER_MS = 1_000

/** Dependencies of the S3 sink, replaced by fakes in unit tests. */
export interface S3SinkDeps {
  readonly uploader: ObjectUploader
  readonly scheduler?: Scheduler
  /** See {@link S3Sink}; {@link DEFAULT_IDLE_ROLLOVER_MS} by default. */
  readonly idleRolloverMs?: number
}

/**
 * The S3 sink. With `lines`, `ndjson` and `csv`, records stream into open objects (one per key
 * template rendering, see {@link ObjectKeyTemplate}) through multipart uploads; `whole` writes one
 * object per message. An object is completed when it reaches `rollover.maxRecords` or
 * `rollover.maxBytes`, has been open `rollover.maxSeconds`, must make room for a newer one
 * (`maxOpenObjects`), or on `flush`.
 *
 * Envelopes are acked only once their object is complete in S3, and nacked if its upload fails
 * (`onExists: skip` acks them when the key already exists; `fail` nacks them retryable). Because
 * acks wait for the object, a source whose in-flight limit is below `maxRecords` would stop
 * pulling with an object still open; so an object also completes after `idleRolloverMs` without
 * a new record. Memory stays flat: an object holds its envelopes and the parts being uploaded,
 * never its whole content.
 */
export class S3Sink implements Sink {
  private readonly spec: S3SinkSpec
  private readonly format: StreamingFormat | undefined
  private readonly context: BatchingContext
  private readonly deps: S3SinkDeps
  private readonly scheduler: Scheduler
  private readonly origin: FailureOrigin
  private readonly keys: ObjectKeyTemplate
  private readonly distinct = new DistinctKeys()
  private readonly params: ObjectParamsMaker
  private readonly idleMs: number
  private readonly objects = new Map<string, OpenObject>()
  private readonly completions = new Set<Promise<void>>()
  private readonly whole: WholeObjects
  private readonly uploads = new AbortController()
  private state: 'open' | 'closing' | 'stopped' = 'open'
  private closed: Promise<void> | undefined

  constructor(spec: S3SinkSpec, context: BatchingContext, deps: S3SinkDeps) {
    this.spec = spec
    this.format = spec.format.type === 'whole' ? undefined : spec.format
    this.context = context
    this.deps = deps
    this.scheduler = deps.scheduler ?? systemScheduler
    this.origin = { service: 'S3', node: context.node }
    this.keys = new ObjectKeyTemplate(spec.keyTemplate)
    this.params = new ObjectParamsMaker(spec)
    this.idleMs = deps.idleRolloverMs ?? DEFAULT_IDLE_ROLLOVER_MS
    this.whole = new WholeObjects(spec.maxOpenObjects, (run) => this.track(run()))
    if (context.signal.aborted) this.stop()
    else context.signal.addEventListener('abort', () => this.stop(), { once: true })
  }

  write(envelope: Envelope): void {
    if (this.state !== 'open') {
      envelope.nack(retryableFailure(this.origin, 'sink.closed', 'the S3 sink is no longer running'))
      return
    }
    try {
      if (this.format === undefined) this.writeWhole(envelope)
      else this.writeRecord(envelope, this.format)
    } catch (error) {
      envelope.nack(prepareFailure(this.origin, error))
    }
  }

  async flush(): Promise<void> {
    for (const object of [...this.objects.values()]) this.roll(object)
    while (this.completions.size > 0) await Promise.all([...this.completions])
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      if (this.state === 'open') this.state = 'closing'
      await this.flush()
    })()
    return this.closed
  }

  private stop(): void {
    if (this.state === 'stopped') return
    this.state = 'stopped'
    this.uploads.abort()
    for (const envelope of this.whole.drain()) envelope.nack(this.stoppedFailure())
    for (const object of [...this.objects.values()]) this.roll(object)
  }

  private writeRecord(envelope: Envelope, format: StreamingFormat): void {
    const now = this.scheduler.now()
    const message = messageContext(envelope, new Date(now))
    const record = prepareRecord(format, envelope.body)
    const partition = this.keys.partition(message)
    let object = this.objects.get(partition) ?? this.open(partition, message, format, now)
    let chunk = object.writer.bytes(record)
    if (object.records > 0 && object.sizeWith(chunk.length) > this.spec.rollover.maxBytes) {
      this.roll(object)
      object = this.open(partition, message, format, now)
      chunk = object.writer.bytes(record)
    }
    object.append(envelope, chunk, now)
    this.rollIfFull(object)
  }

  private open(
    partition: string,
    message: ReturnType<typeof messageContext>,
    format: StreamingFormat,
    now: number,
  ) {
    const params = this.params.make(this.distinct.next(partition, this.keys.render(message)), message)
    const oldest = this.objects.values().next().value
    if (oldest !== undefined && this.objects.size >= this.spec.maxOpenObjects) this.roll(oldest)
    const object: OpenObject = new OpenObject({
      partition,
      params,
      format,
      gzip: this.spec.compression === 'gzip',
      uploader: this.deps.uploader,
      partSize: this.spec.partSizeBytes,
      partsInFlight: this.spec.partsInFlight,
      signal: this.uploads.signal,
      openedAt: now,
      onCompressedBytes: () => this.rollIfFull(object),
    })
    this.objects.set(partition, object)
    object.timers.push(this.scheduler.setTimer(this.spec.rollover.maxSeconds * 1000, () => this.roll(object)))
    this.armIdle(object, this.idleMs)
    object.result.then((result) => {
      if (!result.ok) this.roll(object)
    })
    return object
  }

  private armIdle(object: OpenObject, delay: number): void {
    object.timers.push(
      this.scheduler.setTimer(delay, () => {
        const quiet = this.scheduler.now() - object.lastWriteAt
        if (quiet >= this.idleMs) this.roll(object)
        else this.armIdle(object, this.idleMs - quiet)
      }),
    )
  }

  private rollIfFull(object: OpenObject): void {
    const { maxRecords, maxBytes } = this.spec.rollover
    if (object.records >= maxRecords || object.sizeWith(0) >= maxBytes) this.roll(object)
  }

  /** Completes an object: no record joins it any more; its envelopes settle when the upload ends. */
  private roll(object: OpenObject): void {
    if (this.objects.get(object.partition) === object) this.objects.delete(object.partition)
    if (object.rolled) return
    this.context.metrics.batchSent(object.records, this.spec.rollover.maxRecords)
    this.track(
      object.finish().then((result) => {
        if (!result.ok) object.discard()
        this.settle(object.envelopes, object.key, result)
      }),
    )
  }

  private writeWhole(envelope: Envelope): void {
    const message = messageContext(envelope, new Date(this.scheduler.now()))
    const params = this.params.make(this.keys.render(message), message)
    const body = bodyBytes(envelope.body)
    this.whole.add(envelope, async () => {
      this.context.metrics.batchSent(1, 1)
      const result = await this.deps.uploader
        .upload(
          { params, body, partSize: this.spec.partSizeBytes, partsInFlight: this.spec.partsInFlight },
          this.uploads.signal,
        )
        .then(
          (): UploadResult => ({ ok: true }),
          (error: unknown): UploadResult => ({ ok: false, error }),
        )
      this.settle([envelope], params.Key ?? '', result)
    })
  }

  private track(work: Promise<void>): void {
    const completion = work.catch((error: unknown) =>
      this.context.log.error({ error: String(error) }, 'the S3 sink failed to settle an object'),
    )
    this.completions.add(completion)
    completion.finally(() => this.completions.delete(completion))
  }

  private settle(envelopes: readonly Envelope[], key: string, result: UploadResult): void {
    const error = result.ok ? undefined : this.failure(key, result.error)
    for (const envelope of envelopes) {
      if (error === undefined) envelope.ack()
      else envelope.nack(error)
    }
  }

  private failure(key: string, error: unknown): DeliveryError | undefined {
    const where = `s3://${this.spec.bucket}/${key}`
    if (this.state === 'stopped') return this.stoppedFailure()
    const name = awsErrorName(error)
    if (name === 'PreconditionFailed') {
      if (this.spec.onExists === 'skip') return undefined
      return retryableFailure(
        this.origin,
        'sink.object-exists',
        `${where} already exists (onExists: fail)`,
        error,
      )
    }
    const dependency =
      name === 'NoSuchUpload'
        ? undefined
        : dependencyFailure(this.origin, error, { what: `writing ${where}`, action: 's3:PutObject' })
    if (dependency !== undefined) return dependency
    const message = `S3 did not complete ${where}: ${name}: ${error instanceof Error ? error.message : String(error)}`
    return classifyAwsError(error) === 'retryable'
      ? retryableFailure(this.origin, `aws.${name}`, message, error)
      : permanentFailure(this.origin, `aws.${name}`, message, error)
  }

  private stoppedFailure(): DeliveryError {
    return retryableFailure(
      this.origin,
      'sink.stopped',
      'the workflow stopped before the object was complete',
    )
  }
}

/** Creates the S3 sink. */
export function createS3Sink(spec: S3SinkSpec, context: BatchingContext, deps: S3SinkDeps): Sink {
  return new S3Sink(spec, context, deps)
}

/** The engine implementation of `sink.s3`. */
export const s3Sink = defineSink(sinkS3, (spec, context) =>
  createS3Sink(spec, context, {
    uploader: s3Uploader(context.clients.s3(), S3_REQUEST_RETRY, systemScheduler, () =>
      context.metrics.retried(1),
    ),
  }),
)

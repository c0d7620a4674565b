import { PassThrough, pipeline, type Writable } from 'node:stream'
import { constants, createGzip, type Gzip } from 'node:zlib'
import type { Envelope } from '../../runtime/envelope.ts'
import type { Timer } from '../batching/scheduler.ts'
import type { ObjectParams } from './object-params.ts'
import { RecordWriter, type StreamingFormat } from './record-format.ts'
import type { ObjectUploader } from './s3-uploader.ts'

/** How an object's upload ended. */
export type UploadResult = { readonly ok: true } | { readonly ok: false; readonly error: unknown }

/** What an object is opened with. */
export interface OpenObjectOptions {
  readonly partition: string
  readonly params: ObjectParams
  readonly format: StreamingFormat
  readonly gzip: boolean
  readonly uploader: ObjectUploader
  readonly partSize: number
  readonly partsInFlight: number
  readonly signal: AbortSignal
  readonly openedAt: number
  /** Called when compressed bytes come out of gzip, so the sink can roll over by size. */
  readonly onCompressedBytes: () => void
}

/**
 * One object being written: records are streamed into its upload as they arrive (through gzip when
 * asked), so only the parts in flight are held in memory, never the whole object. Its envelopes
 * are kept until the upload ends, to be acked or nacked together.
 */
export class OpenObject {
  readonly partition: string
  readonly params: ObjectParams
  readonly openedAt: number
  readonly writer: RecordWriter
  readonly envelopes: Envelope[] = []
  readonly result: Promise<UploadResult>
  readonly timers: Timer[] = []
  records = 0
  lastWriteAt: number
  rolled = false
  private readonly gzip: Gzip | undefined
  private readonly input: Writable
  /** Bytes written into the object's stream, before compression. */
  private written = 0
  /** Bytes gzip has emitted so far. */
  private compressed = 0
  private readonly body: PassThrough

  constructor(options: OpenObjectOptions) {
    this.partition = options.partition
    this.params = options.params
    this.openedAt = options.openedAt
    this.lastWriteAt = options.openedAt
    this.writer = new RecordWriter(options.format)
    this.body = new PassThrough()
    if (options.gzip) {
      const gzip = createGzip()
      gzip.on('data', (chunk: Buffer) => {
        this.compressed += chunk.length
        options.onCompressedBytes()
      })
      pipeline(gzip, this.body, () => undefined)
      this.gzip = gzip
      this.input = gzip
    } else {
      this.body.on('error', () => undefined)
      this.gzip = undefined
      this.input = this.body
    }
    this.result = options.uploader
      .upload(
        {
          params: options.params,
          body: this.body,
          partSize: options.partSize,
          partsInFlight: options.partsInFlight,
        },
        options.signal,
      )
      .then(
        (): UploadResult => ({ ok: true }),
        (error: unknown): UploadResult => ({ ok: false, error }),
      )
  }

  get key(): string {
    return this.params.Key ?? ''
  }

  /**
   * The object's size in S3 were `extra` more bytes written: exact without compression. With gzip,
   * what gzip emitted plus the bytes it has not compressed yet, at the ratio seen so far counting
   * one output chunk gzip may still hold (1 before it consumed anything). The ratio errs high, so
   * an object rolls over a little early rather than late, even when records come in a burst.
   */
  sizeWith(extra: number): number {
    if (this.gzip === undefined) return this.written + extra
    const consumed = this.gzip.bytesWritten
    const ratio = consumed > 0 ? Math.min(1, (this.compressed + constants.Z_DEFAULT_CHUNK) / consumed) : 1
    return this.compressed + (this.written + extra - consumed) * ratio
  }

  append(envelope: Envelope, chunk: Buffer, now: number): void {
    this.envelopes.push(envelope)
    this.records += 1
    this.lastWriteAt = now
    this.written += chunk.length
    this.input.write(chunk)
  }

  /** Ends the object's stream; resolves when its upload has ended, either way. */
  finish(): Promise<UploadResult> {
    this.rolled = true
    for (const timer of this.timers) timer.cancel()
    this.input.end()
    return this.result
  }

  /** Frees the buffers of an object whose upload failed. */
  discard(): void {
    this.input.destroy()
    this.body.destroy()
  }
}

import { gunzipSync } from 'node:zlib'
import type { ObjectParams } from '../s3/object-params.ts'
import type { ObjectUploader, UploadRequest } from '../s3/s3-uploader.ts'
import { FakeAwsError } from './fake-backend.ts'

/** An object the fake uploader completed. */
export interface StoredObject {
  readonly params: ObjectParams
  readonly body: Buffer
}

/**
 * An {@link ObjectUploader} that reads each body to its end, as S3 would, and keeps the result.
 * `failWith` makes an upload fail once its body is read; `hold` keeps uploads open until released;
 * an aborted upload fails with `AbortError`.
 */
export class FakeUploader implements ObjectUploader {
  readonly stored: StoredObject[] = []
  readonly started: ObjectParams[] = []
  active = 0
  maxActive = 0
  failWith: ((params: ObjectParams) => Error | undefined) | undefined
  private held: (() => void)[] | undefined

  hold(): void {
    this.held ??= []
  }

  release(): void {
    const waiting = this.held ?? []
    this.held = undefined
    for (const resume of waiting) resume()
  }

  async upload(request: UploadRequest, signal: AbortSignal): Promise<void> {
    this.started.push(request.params)
    this.active += 1
    this.maxActive = Math.max(this.maxActive, this.active)
    try {
      const chunks: Buffer[] = []
      if (request.body instanceof Uint8Array) chunks.push(Buffer.from(request.body))
      else for await (const chunk of request.body) chunks.push(Buffer.from(chunk))
      const held = this.held
      if (held) await new Promise<void>((resume) => held.push(resume))
      if (signal.aborted) throw new FakeAwsError('AbortError', 'Upload aborted.', 0)
      const error = this.failWith?.(request.params)
      if (error) throw error
      this.stored.push({ params: request.params, body: Buffer.concat(chunks) })
    } finally {
      this.active -= 1
    }
  }

  /** The stored objects' keys and text, gunzipped when `gzip`. */
  texts(gzip = false): { key: string | undefined; text: string }[] {
    return this.stored.map((o) => ({
      key: o.params.Key,
      text: (gzip ? gunzipSync(o.body) : o.body).toString(),
    }))
  }
}

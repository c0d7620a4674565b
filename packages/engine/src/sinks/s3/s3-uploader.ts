import type { Readable } from 'node:stream'
import type { S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import type { RetryPolicy } from '../batching/backoff.ts'
import type { Scheduler } from '../batching/scheduler.ts'
import type { ObjectParams } from './object-params.ts'
import { withRetries } from './with-retries.ts'

/** One object to write: its parameters and a body that is streamed (or, for `whole`, bytes). */
export interface UploadRequest {
  readonly params: ObjectParams
  readonly body: Readable | Uint8Array
  readonly partSize: number
  readonly partsInFlight: number
}

/**
 * Writes objects. `upload` resolves once the object is complete in S3 and rejects with the
 * service's error otherwise (`PreconditionFailed` when `If-None-Match: *` finds the key taken).
 */
export interface ObjectUploader {
  upload(request: UploadRequest, signal: AbortSignal): Promise<void>
}

/**
 * The S3 sink's uploads with `@aws-sdk/lib-storage`: one `PutObject` for an object smaller than
 * a part, a multipart upload otherwise, with at most `partsInFlight` parts buffered and sent at
 * once (an aborted or failed multipart upload is aborted in S3). Every request the upload makes
 * carries bytes it can send again, so each is retried on its own per `retry`.
 */
export function s3Uploader(
  client: S3Client,
  retry: RetryPolicy,
  scheduler: Scheduler,
  onRetry: () => void,
): ObjectUploader {
  return {
    async upload(request, signal) {
      const abortController = new AbortController()
      const abort = () => abortController.abort()
      signal.addEventListener('abort', abort, { once: true })
      try {
        const upload = new Upload({
          client: retrying(client, retry, scheduler, abortController.signal, onRetry),
          params: { ...request.params, Body: request.body },
          partSize: request.partSize,
          queueSize: request.partsInFlight,
          abortController,
        })
        await upload.done()
      } finally {
        signal.removeEventListener('abort', abort)
      }
    },
  }
}

/** The client with `send` retried per request; everything else is the client's own. */
function retrying(
  client: S3Client,
  policy: RetryPolicy,
  scheduler: Scheduler,
  signal: AbortSignal,
  onRetry: () => void,
): S3Client {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver)
      return (...args: unknown[]): Promise<unknown> =>
        withRetries(
          (): Promise<unknown> => Reflect.apply(target.send, target, args),
          policy,
          scheduler,
          signal,
          onRetry,
        )
    },
  })
}

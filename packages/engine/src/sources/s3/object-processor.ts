import type { SpecOf, sourceS3 } from '@sluice/assets'
import { DeliveryError } from '../../runtime/errors.ts'
import { fatalSourceError, isDependencyFailure } from '../shared/fatal-error.ts'
import { untilDone } from '../shared/retry.ts'
import { type AfterRead, applyAfterRead } from './after-read.ts'
import type { Checkpoints } from './checkpoints.ts'
import { type ReaderContext, readObject } from './object-reader.ts'
import type { ObjectRef } from './s3-api.ts'

type Spec = SpecOf<typeof sourceS3>

/** How handling an object ended: `done` (committed, or nothing to read), `retry` (read it again later), `failed` (logged, checkpointed). */
export type ObjectResult = 'done' | 'retry' | 'failed'

/** What the processor needs beyond reading. */
export interface ProcessorContext extends ReaderContext {
  readonly spec: Pick<Spec, 'afterRead' | 'prefix'>
  readonly checkpoints: Checkpoints
  /**
   * Aborted when the workflow stops for good. A stop alone does not abort commits: an object
   * whose records are all acked while the source drains is still committed.
   */
  readonly ending: AbortSignal
}

function afterReadAction(policy: AfterRead): string {
  return {
    keep: 's3:GetObject',
    delete: 's3:DeleteObject',
    move: 's3:PutObject',
    tag: 's3:PutObjectTagging',
  }[policy.action]
}

/**
 * Reads one object and commits it: the after-read policy runs only once every record is settled
 * and acked. `keep` and `tag` leave the object in place, so a checkpoint (bucket, key, ETag)
 * records that it was read; an object that cannot be read is checkpointed as failed so it is not
 * read in a loop. An object left incomplete (a retryable nack, a failed download, a stop) is not
 * committed: it is read again from the start, so records already acked are delivered again
 * (at-least-once). Rejects only with a fatal source error.
 */
export class ObjectProcessor {
  private readonly context: ProcessorContext

  constructor(context: ProcessorContext) {
    this.context = context
  }

  async process(ref: ObjectRef): Promise<ObjectResult> {
    const { checkpoints, log } = this.context
    const before = await checkpoints.status(ref.bucket, ref.key, ref.etag)
    if (before === 'read') return 'done'
    if (before === 'failed') return 'failed'
    const outcome = await readObject(ref, this.context)
    switch (outcome.type) {
      case 'missing':
        log.info({ bucket: ref.bucket, key: ref.key }, 'object no longer exists; nothing to read')
        return 'done'
      case 'incomplete':
        log.info(
          { bucket: ref.bucket, key: ref.key, reason: outcome.reason },
          'object not committed; it will be read again',
        )
        return 'retry'
      case 'failed':
        await this.failed(ref, ref.etag, outcome.error)
        return 'failed'
      case 'complete':
        return this.commit(ref, outcome.etag, outcome.records)
    }
  }

  private async commit(ref: ObjectRef, etag: string | undefined, records: number): Promise<ObjectResult> {
    const { api, spec, checkpoints, log, ending } = this.context
    const policy = spec.afterRead
    try {
      const applied = await untilDone(() => applyAfterRead(api, policy, ref, spec.prefix).then(() => true), {
        fatal: (error) =>
          error instanceof DeliveryError
            ? error
            : fatalSourceError(error, { kind: 'bucket', name: ref.bucket }, afterReadAction(policy)),
        signal: ending,
        log,
        what: `after-read ${policy.action} of s3://${ref.bucket}/${ref.key}`,
      })
      if (applied === undefined) return 'retry'
    } catch (error) {
      if (isDependencyFailure(error)) throw error
      await this.failed(ref, etag, error)
      return 'failed'
    }
    if (etag !== undefined) {
      if (policy.action === 'keep' || policy.action === 'tag')
        await checkpoints.mark(ref.bucket, ref.key, etag, 'read')
      else await checkpoints.clear(ref.bucket, ref.key)
    }
    log.info(
      { bucket: ref.bucket, key: ref.key, records, afterRead: policy.action },
      'object read and committed',
    )
    return 'done'
  }

  private async failed(ref: ObjectRef, etag: string | undefined, error: unknown): Promise<void> {
    const code = error instanceof DeliveryError ? error.code : 'source.commit-failed'
    this.context.log.error(
      { bucket: ref.bucket, key: ref.key, code, err: error },
      'object failed for good; it is not read again until it changes',
    )
    if (etag !== undefined) await this.context.checkpoints.mark(ref.bucket, ref.key, etag, 'failed', code)
  }
}

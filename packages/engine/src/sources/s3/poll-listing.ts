import type { SpecOf, sourceS3 } from '@sluice/assets'
import type { Logger } from '../../runtime/contracts.ts'
import { fatalSourceError } from '../shared/fatal-error.ts'
import { untilDone } from '../shared/retry.ts'
import type { ObjectRef, S3Api } from './s3-api.ts'

type Spec = SpecOf<typeof sourceS3>

/** At most this many candidates are held to sort by age; older ones beyond wait for the next listing. */
export const ORDERING_WINDOW = 10_000

/** What one listing pass needs. */
export interface ListingContext {
  readonly api: S3Api
  readonly spec: Pick<Spec, 'bucket' | 'prefix' | 'includeSubPrefixes' | 'stableTimeSeconds' | 'ordering'>
  /** The key filter (prefix depth and `keyFilter`). */
  selects(key: string): boolean
  /** True for an object being read now, or already done (checkpointed) in this version. */
  skip(ref: ObjectRef): Promise<boolean>
  readonly now: () => number
  readonly signal: AbortSignal
  readonly log: Logger
}

function stable(ref: ObjectRef, stableMs: number, now: number): boolean {
  return stableMs === 0 || ref.lastModified === undefined || now - ref.lastModified.getTime() >= stableMs
}

function byAge(a: ObjectRef, b: ObjectRef): number {
  const age = (a.lastModified?.getTime() ?? 0) - (b.lastModified?.getTime() ?? 0)
  return age !== 0 ? age : a.key < b.key ? -1 : a.key > b.key ? 1 : 0
}

async function* pages(context: ListingContext): AsyncGenerator<ObjectRef[]> {
  const { api, spec, signal, log } = context
  let token: string | undefined
  do {
    const request = {
      bucket: spec.bucket,
      prefix: spec.prefix,
      ...(spec.includeSubPrefixes ? {} : { delimiter: '/' }),
      ...(token === undefined ? {} : { token }),
    }
    const page = await untilDone(() => api.list(request), {
      fatal: (error) => fatalSourceError(error, { kind: 'bucket', name: spec.bucket }, 's3:ListBucket'),
      signal,
      log,
      what: `ListObjectsV2 of s3://${spec.bucket}/${spec.prefix}`,
    })
    if (page === undefined) return
    yield [...page.objects]
    token = page.nextToken
  } while (token !== undefined)
}

/**
 * One listing of the bucket prefix: the objects to read now, in the configured order. Objects
 * that do not match the filter, were modified within `stableTimeSeconds`, are being read, or are
 * done in this version are left out. `key` order streams page by page; `lastModified` order holds
 * the oldest {@link ORDERING_WINDOW} candidates, so memory stays bounded on huge prefixes.
 * Rejects with a coded error when the bucket is missing or listing is denied.
 */
export async function* listCandidates(context: ListingContext): AsyncGenerator<ObjectRef> {
  const stableMs = context.spec.stableTimeSeconds * 1000
  const window: ObjectRef[] = []
  for await (const page of pages(context)) {
    const now = context.now()
    for (const ref of page) {
      if (!context.selects(ref.key) || !stable(ref, stableMs, now) || (await context.skip(ref))) continue
      if (context.spec.ordering === 'key') yield ref
      else {
        window.push(ref)
        if (window.length >= 2 * ORDERING_WINDOW) window.sort(byAge).splice(ORDERING_WINDOW)
      }
    }
  }
  window.sort(byAge)
  yield* window.slice(0, ORDERING_WINDOW)
}
